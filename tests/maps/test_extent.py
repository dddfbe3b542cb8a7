"""Where a map looks first: the box around most of its points."""
from __future__ import annotations

from vigil.maps.extent import Extent, focus_extent

# Invented incident points: eleven across Karachi, then places elsewhere.
KARACHI = [(25.005, 67.0), (24.847, 66.991), (24.825, 67.124), (24.917, 67.088), (24.861, 67.010),
           (24.856, 67.018), (24.834, 67.178), (24.861, 67.010), (24.922, 66.955), (24.885, 67.198),
           (24.95, 67.09)]
QUETTA = (30.18, 67.0)
PAKISTAN_AND_NEAR = [QUETTA, (34.0, 71.58), (31.83, 70.90), (31.56, 74.35), (26.0, 63.05), (34.53, 69.17),
                     (34.08, 74.8)]
FAR = [(33.31, 44.36), (33.51, 36.29), (30.04, 31.24), (41.01, 28.98)]


def test_one_incident_in_quetta_does_not_pull_the_view_off_karachi():
    focus = focus_extent(KARACHI + [QUETTA])
    assert all(focus.contains(*p) for p in KARACHI)
    assert not focus.contains(*QUETTA)
    assert focus.north - focus.south < 0.5 and focus.east - focus.west < 0.5


def test_pakistan_is_the_focus_when_most_incidents_are_there():
    points = KARACHI + PAKISTAN_AND_NEAR + FAR
    focus = focus_extent(points)
    assert all(focus.contains(*p) for p in KARACHI + PAKISTAN_AND_NEAR)
    assert not any(focus.contains(*p) for p in FAR)


def test_scattered_points_are_all_in_view():
    points = [(10.0, 10.0), (-10.0, -100.0), (50.0, 120.0)]
    assert focus_extent(points) == Extent(-10.0, -100.0, 50.0, 120.0)


def test_one_point_and_none():
    assert focus_extent([(24.86, 67.01)]) == Extent(24.86, 67.01, 24.86, 67.01)
    assert focus_extent([]) is None
    assert Extent(24.86, 67.01, 24.86, 67.01).padded(0.1, 0.08).north - 24.86 > 0.039


def test_padding_keeps_to_the_world():
    padded = Extent(-89.0, -179.5, 89.0, 179.5).padded(0.5)
    assert padded == Extent(-85.0, -180.0, 85.0, 180.0)
