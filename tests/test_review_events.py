"""Review actions: effects and events in one transaction, versions (409 on stale edits), undo."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

import threading

from feedback_seg.errors import ConflictError, InputError, NotFoundError
from feedback_seg.review import events as ev
from feedback_seg.store.engine import read_session, write_session
from feedback_seg.store.schema import (Assignment, Item, LabelEvent, Project, Respondent, Run, Segment, Source)


@pytest.fixture
def run(engine):
    """A hand-made run: 3 segments of 4 people each, plus 2 unassigned."""
    with write_session(engine) as s:
        p = Project(name="p"); s.add(p); s.flush()
        r = Run(project_id=p.id, status="done", seed=0); s.add(r); s.flush()
        segs = []
        for label in (0, 1, 2, -1):
            sg = Segment(run_id=r.id, key=f"k{label}", label=label, auto_name=f"Auto {label}", keywords=[],
                         description={}, status="unassigned" if label == -1 else "active")
            s.add(sg); s.flush(); segs.append(sg.id)
        people = []
        for i in range(14):
            resp = Respondent(project_id=p.id, external_id=f"{i:03d}"); s.add(resp); s.flush()
            people.append(resp.id)
            seg = segs[i // 4] if i < 12 else segs[3]
            s.add(Assignment(run_id=r.id, respondent_id=resp.id, segment_id=seg, confidence=0.8))
        s.flush()
        ev._resize(s, r.id)
        items = [_item(s, p.id, people[0])]
        other = Project(name="other"); s.add(other); s.flush()
        stranger = Respondent(project_id=other.id, external_id="x"); s.add(stranger); s.flush()
        items.append(_item(s, other.id, stranger.id))
        return {"run_id": r.id, "segments": segs, "people": people, "engine": engine, "items": items}


def _item(s, project_id: int, respondent_id: int) -> int:
    src = Source(project_id=project_id, filename="a.csv", format="csv", sha256="0" * 64); s.add(src); s.flush()
    it = Item(project_id=project_id, respondent_id=respondent_id, source_id=src.id, row_number=1, record_key="1",
              field="q", raw_text="an answer"); s.add(it); s.flush()
    return it.id


class _Seg:
    def __init__(self, sg):
        self.name, self.size, self.status, self.version = sg.name, sg.size, sg.status, sg.version


def seg(engine, sid):
    with read_session(engine) as s:
        return _Seg(s.get(Segment, sid))


def n_events(engine):
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(LabelEvent))


def test_rename_with_version_and_stale_edit_conflicts(run):
    e, sid = run["engine"], run["segments"][0]
    out = ev.rename(e, sid, "Price hunters", user="ann", version=1)
    assert out["version"] == 2 and seg(e, sid).name == "Price hunters"
    with pytest.raises(ConflictError):
        ev.rename(e, sid, "Bargain seekers", user="bob", version=1)   # bob's page was stale
    assert seg(e, sid).name == "Price hunters"                        # never a lost update
    assert n_events(e) == 1


def test_move_merge_and_sizes(run):
    e, (a, b, c, u) = run["engine"], run["segments"]
    ev.move(e, run["run_id"], run["people"][:2], b, user="ann")
    assert (seg(e, a).size, seg(e, b).size) == (2, 6)
    ev.merge(e, [c], b, user="ann")
    assert seg(e, c).status == "merged" and seg(e, b).size == 10
    with read_session(e) as s:
        origins = dict(s.execute(select(Assignment.respondent_id, Assignment.origin)).all())
    assert origins[run["people"][0]] == "human" and origins[run["people"][8]] == "model"


def test_undo_restores_exact_state(run):
    e, (a, b, c, u) = run["engine"], run["segments"]
    before = _state(e)
    m = ev.move(e, run["run_id"], run["people"][:3], c, user="ann")
    g = ev.merge(e, [a], b, user="ann")
    ev.undo(e, g["event_id"], user="ann")
    ev.undo(e, m["event_id"], user="ann")
    assert _state(e) == before
    with pytest.raises(ConflictError):
        ev.undo(e, m["event_id"], user="ann")


def test_outlier_and_pin_and_bad_input(run):
    e, (a, b, c, u) = run["engine"], run["segments"]
    ev.mark_outlier(e, run["run_id"], [run["people"][5]], user="ann")
    assert seg(e, u).size == 3
    mine, theirs = run["items"]
    out = ev.pin_quote(e, a, mine, user="ann", version=seg(e, a).version)
    assert out["pinned"] == [mine]
    with pytest.raises(NotFoundError):               # an answer of another project is refused, not stored
        ev.pin_quote(e, a, theirs, user="ann", version=out["version"])
    with pytest.raises(NotFoundError):               # as is one that does not exist (same answer)
        ev.pin_quote(e, a, 10 ** 9, user="ann", version=out["version"])
    with pytest.raises(ConflictError):
        ev.pin_quote(e, a, mine, user="bob", pin=False, version=out["version"] - 1)
    with read_session(e) as s:
        assert s.get(Segment, a).description["pinned"] == [mine]
        assert s.scalar(select(func.count()).select_from(LabelEvent).where(LabelEvent.kind == "pin")) == 1
    with pytest.raises(InputError):
        ev.rename(e, a, "   ", user="ann")
    with pytest.raises(InputError):
        ev.merge(e, [a], a, user="ann")


def test_failed_action_writes_no_event(run):
    e = run["engine"]
    with pytest.raises(Exception):
        ev.move(e, run["run_id"], [999999], run["segments"][1], user="ann")
    assert n_events(e) == 0


def test_audit_listing_paginates(run):
    e, sid = run["engine"], run["segments"][0]
    for i in range(5):
        ev.rename(e, sid, f"Name {i}", user="ann")
    with read_session(e) as s:
        pid = s.scalars(select(Project.id).where(Project.name == "p")).one()
    page1 = ev.list_events(e, pid, limit=3)
    page2 = ev.list_events(e, pid, before=page1["next"], limit=3)
    assert len(page1["events"]) == 3 and len(page2["events"]) == 2 and page2["next"] is None
    assert "before" not in page1["events"][0]["payload"]


def _state(e):
    with read_session(e) as s:
        a = sorted(s.execute(select(Assignment.respondent_id, Assignment.segment_id, Assignment.origin)).all())
        g = sorted(s.execute(select(Segment.id, Segment.name, Segment.status, Segment.size)).all())
    return a, g


def test_respondent_actions_check_every_segment_they_touch(run):
    e, (a, b, c, u) = run["engine"], run["segments"]
    rid, runid = run["people"][0], run["run_id"]
    v = lambda *ids: {i: seg(e, i).version for i in ids}  # noqa: E731
    with pytest.raises(InputError, match=rf"versions\[{a}\] is required"):
        ev.move(e, runid, [rid], b, user="ann", versions=v(b))          # the person's own segment left out
    seen = v(a, b, c)
    out = ev.move(e, runid, [rid], b, user="ann", versions=seen)        # ann moves them to b
    assert set(out["versions"]) == {str(a), str(b)}
    with pytest.raises(ConflictError):                                   # bob saw them in a: stale
        ev.move(e, runid, [rid], c, user="bob", versions=seen)
    with pytest.raises(ConflictError):
        ev.confirm(e, runid, [rid], user="bob", versions={b: seen[b]})
    with pytest.raises(ConflictError):
        ev.mark_outlier(e, runid, [rid], user="bob", versions={b: seen[b]})
    ok = ev.confirm(e, runid, [rid], user="bob", versions=v(b))
    assert ok["confirmed"] == 1 and ok["versions"] == {str(b): seen[b] + 2}
    with read_session(e) as s:
        assert s.scalar(select(Assignment.segment_id).where(Assignment.respondent_id == rid)) == b
    with pytest.raises(InputError, match=r"versions\[\d+\] is required"):
        ev.merge(e, [c], b, user="ann", versions={b: seg(e, b).version})


def test_concurrent_renames_with_the_version_read_lose_nothing(run):
    """10 reviewers x 20 renames, each based on the version it read: every write applied or 409."""
    e, sid = run["engine"], run["segments"][0]
    applied, conflicts, errors = [], [], []

    def reviewer(n: int) -> None:
        for k in range(20):
            version = seg(e, sid).version
            name = f"r{n}-{k}"
            try:
                out = ev.rename(e, sid, name, user=f"u{n}", version=version)
                applied.append((out["version"], name))
            except ConflictError:
                conflicts.append(name)
            except Exception as exc:  # noqa: BLE001 - any other failure is the bug under test
                errors.append(repr(exc))

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(applied) + len(conflicts) == 200 and applied
    versions = sorted(v for v, _ in applied)
    assert versions == list(range(2, 2 + len(applied)))     # each applied write got its own version
    with read_session(e) as s:
        events = [ev_.payload for ev_ in s.scalars(select(LabelEvent).where(LabelEvent.kind == "rename")
                                                   .order_by(LabelEvent.id))]
        final = (s.get(Segment, sid).name, s.get(Segment, sid).version)
    assert len(events) == len(applied)                        # no acknowledged write missing, none extra
    chain = [p["after"] for p in events]
    assert [p["before"] for p in events[1:]] == chain[:-1]    # each write saw the one before it
    assert final == (max(applied)[1], versions[-1]) and chain[-1] == final[0]
