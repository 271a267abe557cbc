/* Drives libmodbus 3.1.6 through every function code meterhub's codec knows, as a client (argv: rtu PATH | tcp
 * PORT) or a server (rtu-server PATH | tcp-server PORT), so that a `socat -x` relay between them records real
 * frames. The server's map holds the Modbus Application Protocol V1.1b3 §6 examples' values. */
#include <errno.h>
#include <modbus.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static modbus_t* open_ctx(const char* mode, const char* where) {
  modbus_t* ctx = strncmp(mode, "rtu", 3) == 0 ? modbus_new_rtu(where, 9600, 'N', 8, 1)
                                               : modbus_new_tcp("127.0.0.1", atoi(where));
  modbus_set_slave(ctx, 17);
  return ctx;
}

static int client(modbus_t* ctx) {
  uint8_t bits[64];
  uint16_t regs[8];
  const uint8_t coils[10] = {1, 0, 1, 1, 0, 0, 1, 1, 1, 0};
  const uint16_t values[2] = {0x000A, 0x0102};
  if (modbus_connect(ctx) != 0) return 1;
  modbus_set_response_timeout(ctx, 1, 0);
  int rc = 0;
  rc |= modbus_read_bits(ctx, 19, 19, bits) != 19;
  rc |= modbus_read_input_bits(ctx, 196, 22, bits) != 22;
  rc |= modbus_read_registers(ctx, 107, 3, regs) != 3;
  rc |= modbus_read_input_registers(ctx, 8, 1, regs) != 1;
  rc |= modbus_write_bit(ctx, 172, 1) != 1;
  rc |= modbus_write_register(ctx, 1, 3) != 1;
  rc |= modbus_write_bits(ctx, 19, 10, coils) != 10;
  rc |= modbus_write_registers(ctx, 1, 2, values) != 2;
  rc |= modbus_read_registers(ctx, 1000, 2, regs) != -1; /* beyond the map: exception 2 */
  fprintf(stderr, "last error: %s\n", modbus_strerror(errno));
  modbus_close(ctx);
  return rc;
}

static void fill(modbus_mapping_t* map) {
  const uint8_t coils[3] = {0xCD, 0x6B, 0x05}, inputs[3] = {0xAC, 0xDB, 0x35};
  modbus_set_bits_from_bytes(map->tab_bits, 19, 19, coils);
  modbus_set_bits_from_bytes(map->tab_input_bits, 196, 22, inputs);
  map->tab_registers[107] = 0x022B;
  map->tab_registers[108] = 0x0000;
  map->tab_registers[109] = 0x0064;
  map->tab_input_registers[8] = 0x000A;
}

static int server(modbus_t* ctx, int tcp) {
  modbus_mapping_t* map = modbus_mapping_new(500, 500, 500, 500);
  fill(map);
  uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
  if (tcp) {
    int s = modbus_tcp_listen(ctx, 1);
    modbus_tcp_accept(ctx, &s);
  } else if (modbus_connect(ctx) != 0) {
    return 1;
  }
  for (int served = 0; served < 9;) {
    int n = modbus_receive(ctx, query);
    if (n > 0) {
      modbus_reply(ctx, query, n, map);
      ++served;
    } else if (n < 0 && tcp) {
      break;
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 3) return 64;
  modbus_t* ctx = open_ctx(argv[1], argv[2]);
  if (strstr(argv[1], "server")) return server(ctx, strncmp(argv[1], "tcp", 3) == 0);
  return client(ctx);
}
