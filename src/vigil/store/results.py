"""What incident listings return: a plain list that turns itself into a DataFrame."""
from __future__ import annotations


class IncidentList(list):
    """Incidents as a list (``Incident`` records, or contract dicts for merged incidents).

        vigil.open("sqlite:///vigil.db").incidents(place="Karachi").to_dataframe()
    """

    def to_dataframe(self):
        """One row per incident (vigil.dataframe.incidents_to_dataframe); needs pandas."""
        from vigil.dataframe import incidents_to_dataframe

        return incidents_to_dataframe(self)
