from vigil.knowledge.ruler import RULER_NAME, add_knowledge_ruler


def test_ruler_sits_before_ner_and_is_added_once(nlp_with_ruler):
    names = nlp_with_ruler.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")
    add_knowledge_ruler(nlp_with_ruler)
    assert nlp_with_ruler.pipe_names.count(RULER_NAME) == 1


def test_neighbourhoods_and_actors_get_labels_and_ids(nlp_with_ruler):
    doc = nlp_with_ruler("Two constables were shot dead in Orangi and a third near Sohrab Goth, "
                         "police said, blaming the Pakistani Taliban and not the Sindh Rangers.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["Orangi"] == ("LOC", "khi:orangi-town")
    assert ents["Sohrab Goth"] == ("LOC", "khi:sohrab-goth")
    assert ents["Pakistani Taliban"] == ("ORG", "actor:ttp")  # the article stays outside the span
    assert ents["Sindh Rangers"] == ("ORG", "actor:sindh-rangers")


def test_places_get_gpe_and_fac(nlp_with_ruler):
    doc = nlp_with_ruler("The attack on the Karachi Police Office on Shahrah-e-Faisal shook Sindh.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["Karachi Police Office"] == ("FAC", "khi:karachi-police-office")
    assert ents["Shahrah-e-Faisal"] == ("FAC", "khi:shahrah-e-faisal")
    assert ents["Sindh"] == ("GPE", "PK-SD")


def test_stoplisted_common_words_are_not_places(nlp_with_ruler):
    doc = nlp_with_ruler("He met Hassan Abbas in the garden near the site of the old tower.")
    assert not [e for e in doc.ents if e.ent_id_ and e.label_ in ("GPE", "LOC", "FAC")]


def test_acronym_entities_only_in_capitals():
    from vigil.nlp import get_nlp

    doc = get_nlp()("IS claimed the bombing. It is not clear what else is known.")
    assert [(e.text, e.ent_id_) for e in doc.ents if e.ent_id_.startswith("actor:")] == [("IS", "actor:islamic-state")]


def test_common_words_that_name_towns_abroad_are_not_places(nlp_with_ruler):
    doc = nlp_with_ruler("Police said the roads were closed. Reading the statement, the governor "
                         "called for calm in Nigeria.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["Nigeria"] == ("GPE", "NG")
    assert not any(e.ent_id_ and e.text in ("Police", "Reading") for e in doc.ents)


def test_the_world_is_left_to_the_ner_and_read_by_the_geoparser():
    from vigil.knowledge.gazetteer import WORLD_CITY_SOURCE, load_gazetteer
    from vigil.knowledge.ruler import WORLD_MIN_POPULATION, knowledge_patterns, ruler_names, scene_names

    gazetteer = load_gazetteer()
    towns = [p for p in gazetteer if WORLD_CITY_SOURCE in p.sources]
    assert not any(ruler_names(p) for p in towns)
    read = [p for p in towns if scene_names(p)]
    assert read and all(p.population >= WORLD_MIN_POPULATION and scene_names(p) == (p.name,) for p in read)
    assert scene_names(gazetteer.get("NG-BO")) == ("Borno",) and ruler_names(gazetteer.get("NG-BO")) == ()
    assert len(knowledge_patterns()) < 12_000
    assert not [p for p in knowledge_patterns() if p["pattern"].lower() in ("police", "bar", "central", "reading")]
