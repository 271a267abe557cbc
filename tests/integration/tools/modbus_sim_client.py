#!/usr/bin/python3
"""A Modbus client on pymodbus 3.0 (Debian python3-pymodbus), written by nobody here, for reading meterhub-modbus-sim
as a third party would: over RTU on a serial port (the simulator's pty) or RTU frames over TCP (what a transparent
serial converter passes, framer=ModbusRtuFramer).

Usage: modbus_sim_client.py (--serial PATH | --rtu-tcp HOST:PORT) --unit N --table input|holding --address A
       [--count C] [--write V ...]
Prints one JSON object on stdout: {"registers": [..]} after a read, {"written": C} after a write (function 16), or
{"error": "..."} and exits 1 when the device does not answer or answers with an exception."""
import argparse
import json
import sys

from pymodbus.client import ModbusSerialClient, ModbusTcpClient
from pymodbus.transaction import ModbusRtuFramer


def client_of(args):
    if args.serial:
        return ModbusSerialClient(port=args.serial, framer=ModbusRtuFramer, baudrate=9600, bytesize=8, parity="N",
                                  stopbits=1, timeout=args.timeout)
    host, port = args.rtu_tcp.rsplit(":", 1)
    return ModbusTcpClient(host, port=int(port), framer=ModbusRtuFramer, timeout=args.timeout)


def transact(client, args):
    if args.write:
        answer = client.write_registers(args.address, args.write, slave=args.unit)
        return answer, lambda a: {"written": len(args.write)}
    read = client.read_input_registers if args.table == "input" else client.read_holding_registers
    answer = read(args.address, args.count, slave=args.unit)
    return answer, lambda a: {"registers": list(a.registers)}


def main():
    parser = argparse.ArgumentParser()
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--serial")
    where.add_argument("--rtu-tcp")
    parser.add_argument("--unit", type=int, required=True)
    parser.add_argument("--table", choices=["input", "holding"], default="holding")
    parser.add_argument("--address", type=lambda s: int(s, 0), required=True)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--write", type=int, nargs="+")
    parser.add_argument("--timeout", type=float, default=1.0)
    args = parser.parse_args()
    client = client_of(args)
    if not client.connect():
        print(json.dumps({"error": "cannot connect"}))
        return 1
    try:
        answer, result = transact(client, args)
    except Exception as e:  # pymodbus raises ModbusException (and others) on a lost or bad frame
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
        return 1
    finally:
        client.close()
    if answer.isError():
        print(json.dumps({"error": str(answer)}))
        return 1
    print(json.dumps(result(answer)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
