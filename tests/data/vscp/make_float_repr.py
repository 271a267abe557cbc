#!/usr/bin/env python3
"""Writes float-repr.txt: doubles (by their IEEE 754 bits) and Python's repr() of each, for the vscp library's
python_float_repr test. Random bit patterns, meter-like decimals (also divided by 1000 and negated) and powers
of ten across the whole range. Run from the repository root: python3 tests/data/vscp/make_float_repr.py
"""
import math
import pathlib
import random
import struct

random.seed(20261207)
values = []
for _ in range(600):
    v = struct.unpack("<d", struct.pack("<Q", random.getrandbits(64)))[0]
    if math.isfinite(v):
        values.append(v)
for _ in range(600):
    v = round(random.uniform(0, 10 ** random.randint(1, 9)), random.randint(0, 4))
    values += [v, v / 1000, -v]
for e in range(-325, 309):
    values += [float("1e%d" % e), float("1.5e%d" % e)]
lines = ["# Python 3.11 repr(float) of doubles given by their IEEE 754 bits (hex), one per line: bits repr.",
         "# Made with random bit patterns, random decimals of meter-like sizes and powers of ten; the vscp tests",
         "# check python_float_repr against every line."]
for v in values:
    lines.append("%016x %s" % (struct.unpack("<Q", struct.pack("<d", v))[0], repr(v)))
(pathlib.Path(__file__).parent / "float-repr.txt").write_text("\n".join(lines) + "\n")
