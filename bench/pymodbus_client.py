#!/usr/bin/python3
"""The pymodbus side of modbus_bench: pymodbus 3.0's asyncio TCP client polls the same 40-register holding block
(20 float32 points, high word first) from DEVICES unit ids over CONNECTIONS connections to HOST:PORT for SECONDS,
one request in flight per connection as meterhub-modbus has, decodes every point to a float and prints one line:

    points N seconds S cpu C failed F

(cpu: this process's user + system seconds over the measured time, from getrusage).

Usage: pymodbus_client.py HOST PORT DEVICES CONNECTIONS SECONDS
"""
import asyncio
import logging
import resource
import struct
import sys
import time

from pymodbus.client import AsyncModbusTcpClient

BLOCK = 40  # holding registers per device: 20 float32 points
FLOATS = struct.Struct(">20f")


def cpu_seconds():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


async def poll(client, units, deadline, totals):
    """Reads each unit's block in turn until the deadline; counts decoded points and failed reads."""
    while time.monotonic() < deadline:
        for unit in units:
            rr = await client.read_holding_registers(0, BLOCK, slave=unit)
            if rr.isError() or len(rr.registers) != BLOCK:
                totals["failed"] += 1
                continue
            values = FLOATS.unpack(struct.pack(">40H", *rr.registers))
            totals["points"] += len(values)


async def main(host, port, devices, connections, seconds):
    logging.getLogger("pymodbus").setLevel(logging.ERROR)
    clients = [AsyncModbusTcpClient(host, port=port, timeout=5, retries=0) for _ in range(connections)]
    for c in clients:
        await c.connect()
        if not c.connected:
            print(f"cannot connect to {host}:{port}", file=sys.stderr)
            return 1
    units = [u % 256 for u in range(devices)]
    shares = [units[i::connections] for i in range(connections)]
    # One warm-up read per connection, outside the measured time.
    for c, share in zip(clients, shares):
        await c.read_holding_registers(0, BLOCK, slave=share[0])
    totals = {"points": 0, "failed": 0}
    cpu0, t0 = cpu_seconds(), time.monotonic()
    deadline = t0 + seconds
    await asyncio.gather(*(poll(c, share, deadline, totals) for c, share in zip(clients, shares)))
    elapsed, cpu = time.monotonic() - t0, cpu_seconds() - cpu0
    print(f"points {totals['points']} seconds {elapsed:.3f} cpu {cpu:.3f} failed {totals['failed']}", flush=True)
    for c in clients:
        await c.close() if asyncio.iscoroutinefunction(c.close) else c.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    h, p, d, n, s = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    sys.exit(asyncio.run(main(h, p, d, n, s)))
