#!/usr/bin/env python3
"""Writes t211-events.txt and t211-no-vscp.txt: what vscp-python-p1-power-meter publishes for the Sagemcom T211
telegram in tests/data/dsmr/han-se-t211.txt with its sample config (MAC 02:00:00:00:00:01, zone and subzone 0),
at the clock reading 1796609031146 ms, with one change decided in shared/specs/vscp.md section 10: the value text
is Python's repr(float(value)) of the meter's whole value (no zero padding, no lost first character).

The event dictionary is built in the key order of pyvscp's vscpEventEx.toJSON plus the script's vscpNote and
measurement keys, and serialised by the real json.dumps, so the C++ test checks meterhub's JSON against Python.
Run from the repository root: python3 tests/data/vscp/make_t211_events.py
"""
import datetime
import json
import pathlib

NOW_MS = 1796609031146
MAC = "02:00:00:00:00:01"
HERE = pathlib.Path(__file__).parent
TELEGRAM = HERE.parent / "dsmr" / "han-se-t211.txt"

# OBIS, VSCP type, unit byte, id (= the sample's sensor index, except 43.7.0 which the script sends as 0), note.
VALUES = [
    ("1-0:1.8.0", 13, 1, 1, "Meter reading active energy out"),
    ("1-0:2.8.0", 13, 1, 2, "Meter reading active energy in"),
    ("1-0:3.8.0", 13, 0, 3, "Meter reading reactive energy out"),
    ("1-0:4.8.0", 14, 0, 4, "Meter reading reactive energy in"),
    ("1-0:1.7.0", 14, 0, 5, "Active effect out"),
    ("1-0:2.7.0", 64, 0, 6, "Active effect in"),
    ("1-0:3.7.0", 64, 0, 7, "Reactive effect out"),
    ("1-0:4.7.0", 64, 0, 8, "Reactive effect in"),
    ("1-0:21.7.0", 14, 0, 9, "Active effect L1 out"),
    ("1-0:22.7.0", 14, 0, 10, "Active effect L1 in"),
    ("1-0:41.7.0", 14, 0, 11, "Active effect L2 out"),
    ("1-0:42.7.0", 14, 0, 12, "Active effect L2 in"),
    ("1-0:61.7.0", 14, 0, 13, "Active effect L3 out"),
    ("1-0:62.7.0", 14, 0, 14, "Active effect L3 in"),
    ("1-0:23.7.0", 14, 0, 15, "Reactive effect L1 out"),
    ("1-0:24.7.0", 14, 0, 16, "Reactive effect L1 in"),
    ("1-0:43.7.0", 14, 0, 17, "Reactive effect L2 out"),
    ("1-0:44.7.0", 14, 0, 18, "Reactive effect L2 in"),
    ("1-0:63.7.0", 14, 0, 19, "Reactive effect L3 out"),
    ("1-0:64.7.0", 14, 0, 20, "Reactive effect L3 in"),
    ("1-0:32.7.0", 16, 0, 21, "Voltage L1"),
    ("1-0:52.7.0", 16, 0, 22, "Voltage L2"),
    ("1-0:72.7.0", 16, 0, 23, "Voltage L3"),
    ("1-0:31.7.0", 5, 0, 24, "Current L1"),
    ("1-0:51.7.0", 5, 0, 25, "Current L2"),
    ("1-0:71.7.0", 5, 0, 26, "Current L3"),
]


def event(obis, vtype, unit, ident, note, text):
    guid = "FF:FF:FF:FF:FF:FF:FF:FE:" + MAC.upper() + ":%02X:%02X" % (ident >> 8, ident & 0xFF)
    sidx = 0 if obis == "1-0:43.7.0" else ident
    when = datetime.datetime.fromtimestamp(NOW_MS // 1000, datetime.timezone.utc)
    j = {
        "vscpHead": 0x8060,
        "vscpObId": 0,
        "vscpDateTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "vscpTimeStamp": NOW_MS % 2**32,
        "vscpClass": 1040,
        "vscpType": vtype,
        "vscpGuid": guid,
        "vscpData": [sidx, 0, 0, unit] + list(text.encode()) + [0],
        "vscpNote": note,
        "measurement": {"value": float(text), "unit": 1, "sensorindex": sidx, "zone": 0, "subzone": 0},
    }
    return "vscp/%s/1040/%d" % (guid, vtype), json.dumps(j)


def main():
    vscp, plain = [], []
    for line in TELEGRAM.read_text().splitlines():
        for obis, vtype, unit, ident, note in VALUES:
            if line.startswith(obis + "("):
                text = repr(float(line[len(obis) + 1:line.index("*")]))
                vscp.append("%s\t%s" % event(obis, vtype, unit, ident, note, text))
                plain.append("%s\t%s" % (note, text))
    (HERE / "t211-events.txt").write_text("\n".join(vscp) + "\n")
    (HERE / "t211-no-vscp.txt").write_text("\n".join(plain) + "\n")


main()
