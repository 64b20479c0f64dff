"""state_dict / save / load: round trips, and every malformed file refused, model unchanged."""

import json
import math

import pytest

from autograd_mini.nn import MLP, StateError, TwoLayerNet, model_file


def test_state_dict_round_trip_between_two_nets():
    source, target = TwoLayerNet(2, 3, 2, seed=1), TwoLayerNet(2, 3, 2, seed=2)
    target.load_state_dict(source.state_dict())
    assert [p.data for p in target.parameters()] == [p.data for p in source.parameters()]


@pytest.mark.parametrize(
    "make", [lambda: TwoLayerNet(2, 3, 2, seed=1), lambda: MLP(3, [4, 2], "tanh", seed=1)]
)
def test_save_load_round_trip_is_exact(tmp_path, make):
    path = tmp_path / "model.json"
    source = make()
    source.save(path)
    target = make()
    for p in target.parameters():
        p.data = 0.0
    target.load(path)
    assert [p.data for p in target.parameters()] == [p.data for p in source.parameters()]


def test_saved_file_is_plain_json_with_our_tags(tmp_path):
    path = tmp_path / "model.json"
    TwoLayerNet.from_weights([[0.5]], [[0.25]], [0.1], [0.2]).save(path)
    assert json.loads(path.read_text()) == {
        "format": "autograd_mini.nn",
        "version": 1,
        "model": "TwoLayerNet",
        "state": {
            "hidden.w": [[0.5]],
            "hidden.b1": [0.1],
            "output.u": [[0.25]],
            "output.b2": [0.2],
        },
    }


def valid_document():
    return {
        "format": "autograd_mini.nn",
        "version": 1,
        "model": "TwoLayerNet",
        "state": {
            "hidden.w": [[0.1, 0.2], [0.3, 0.4]],
            "hidden.b1": [0.5, 0.6],
            "output.u": [[0.7], [0.8]],
            "output.b2": [0.9],
        },
    }


def edit(change):
    document = valid_document()
    change(document)
    return json.dumps(document)


MALFORMED = {
    "missing key": (edit(lambda d: d["state"].pop("hidden.b1")), "missing key 'hidden.b1'"),
    "extra key": (edit(lambda d: d["state"].update(extra=[1.0])), "unexpected key 'extra'"),
    "short row": (
        edit(lambda d: d["state"].update({"hidden.w": [[0.1, 0.2], [0.3]]})),
        r"hidden\.w\[1\]: expected a list of 2 entries, got a list of 1",
    ),
    "too many rows": (
        edit(lambda d: d["state"]["output.u"].append([1.0])),
        r"output\.u: expected a list of 2 entries, got a list of 3",
    ),
    "number for a list": (
        edit(lambda d: d["state"].update({"output.b2": 0.9})),
        r"output\.b2: expected a list of 1 entries",
    ),
    "list for a number": (
        edit(lambda d: d["state"].update({"output.b2": [[0.9]]})),
        r"output\.b2\[0\]: expected a number, got a list",
    ),
    "string": (
        edit(lambda d: d["state"].update({"hidden.b1": [0.5, "0.6"]})),
        r"hidden\.b1\[1\]: expected a number, got str",
    ),
    "bool": (
        edit(lambda d: d["state"].update({"hidden.b1": [True, 0.6]})),
        r"hidden\.b1\[0\]: expected a number, got bool",
    ),
    "null": (
        edit(lambda d: d["state"].update({"hidden.b1": [None, 0.6]})),
        r"hidden\.b1\[0\]: expected a number, got NoneType",
    ),
    "NaN": (
        valid_document_text := json.dumps(valid_document()).replace("0.7", "NaN"),
        r"output\.u\[0\]\[0\]: expected a finite number, got nan",
    ),
    "Infinity": (
        valid_document_text.replace("NaN", "-Infinity"),
        r"output\.u\[0\]\[0\]: expected a finite number, got -inf",
    ),
    "1e400": (
        valid_document_text.replace("NaN", "1e400"),
        r"output\.u\[0\]\[0\]: expected a finite number, got inf",
    ),
    "huge integer": (
        valid_document_text.replace("NaN", "1" + "0" * 400),
        r"output\.u\[0\]\[0\]: an integer of 401 digits does not fit in a float",
    ),
    "integer past Python's digit limit": (
        valid_document_text.replace("NaN", "1" * 5000),
        "not an autograd_mini model file",
    ),
    "duplicate key": (
        json.dumps(valid_document())[:-2] + ', "output.b2": [1.0]}}',
        "duplicate key 'output.b2'",
    ),
    "state not an object": (edit(lambda d: d.update(state=[1, 2])), "state: expected a mapping"),
    "missing state": (edit(lambda d: d.pop("state")), "missing key 'state'"),
    "other model": (edit(lambda d: d.update(model="MLP")), "model: the file holds a 'MLP'"),
    "other version": (edit(lambda d: d.update(version=2)), "version: expected 1, got int 2"),
    "version true": (edit(lambda d: d.update(version=True)), "version: expected 1, got bool True"),
    "version 1.0": (edit(lambda d: d.update(version=1.0)), "version: expected 1, got float 1.0"),
    "extra top-level key": (edit(lambda d: d.update(pickle="x")), "unexpected key 'pickle'"),
    "no format tag": (edit(lambda d: d.pop("format")), "not an autograd_mini model file"),
    "not ours": (json.dumps({"weights": [1, 2, 3]}), "not an autograd_mini model file"),
    "a list": (json.dumps([1, 2]), "not an autograd_mini model file"),
    "not JSON": ("w = [[0.1, 0.2]]", "not an autograd_mini model file .not JSON"),
    "truncated": (json.dumps(valid_document())[:50], "not JSON"),
    "deeply nested": ("[" * 100_000 + "]" * 100_000, "not an autograd_mini model file"),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_file_is_refused_and_model_unchanged(tmp_path, case):
    text, message = MALFORMED[case]
    path = tmp_path / "model.json"
    path.write_text(text)
    net = TwoLayerNet(2, 2, 1, seed=4)
    before = net.state_dict()
    with pytest.raises(StateError, match=message):
        net.load(path)
    assert net.state_dict() == before


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes(b"\x80\x04\x95pickle\xff")
    net = TwoLayerNet(2, 2, 1)
    before = net.state_dict()
    with pytest.raises(StateError, match="not an autograd_mini model file"):
        net.load(path)
    assert net.state_dict() == before


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(model_file, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(valid_document()) + " " * 1000)
    net = TwoLayerNet(2, 2, 1)
    before = net.state_dict()
    with pytest.raises(StateError, match="more than the 1000 bytes allowed"):
        net.load(path)
    assert net.state_dict() == before


def test_a_bad_entry_late_in_the_state_changes_nothing_before_it():
    net = TwoLayerNet(2, 2, 1, seed=4)
    before = net.state_dict()
    state = valid_document()["state"]
    state["output.b2"] = [math.nan]
    with pytest.raises(StateError, match=r"output\.b2\[0\]"):
        net.load_state_dict(state)
    assert net.state_dict() == before


def test_missing_file_raises_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        TwoLayerNet(2, 2, 1).load(tmp_path / "nope.json")
