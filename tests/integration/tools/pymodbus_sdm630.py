#!/usr/bin/python3
"""A Modbus TCP server on pymodbus (Debian python3-pymodbus), written by nobody here, serving the SDM630's input
registers as its vendor table lays them out: float32 high word first. meterhub-modbus must read it as it reads a
real meter. Usage: pymodbus_sdm630.py PORT_FILE; binds 127.0.0.1 on a free port and writes the port to PORT_FILE."""
import asyncio
import socket
import struct
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer

# 0-based input register address -> value, as on a loaded three-phase meter.
VALUES = {
    0: 231.5, 2: 229.75, 4: 232.25,      # voltages L1..L3
    6: 4.5, 8: 3.25, 10: 0.5,            # currents
    12: 1000.0, 14: 700.0, 16: -115.0,   # powers (L3 exports)
    52: 1585.0,                          # total power
    70: 49.98,                           # frequency
    72: 12345.678,                       # import kWh
}


def words(value):
    high, low = struct.unpack(">HH", struct.pack(">f", value))
    return [high, low]


def main():
    registers = [0] * 400
    for address, value in VALUES.items():
        registers[address:address + 2] = words(value)
    # pymodbus 3.0 data blocks are 1-based internally: address 0 on the wire is index 1.
    block = ModbusSequentialDataBlock(1, registers)
    store = ModbusSlaveContext(ir=block, hr=ModbusSequentialDataBlock(1, [0] * 400), zero_mode=False)
    context = ModbusServerContext(slaves={1: store}, single=False)
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with open(sys.argv[1], "w") as f:
        f.write(str(port))
    asyncio.run(StartAsyncTcpServer(context=context, address=("127.0.0.1", port)))


if __name__ == "__main__":
    main()
