#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/modbus/timing.hpp"

/// What the simulated site consists of: its lines (Modbus TCP ports, RTU-over-TCP converters, ptys) and the
/// devices on each, from a shop file (--config) and the command line (--tcp, --pty, --device …). Pure: parsing
/// and checks only; the program opens the lines.
namespace meterhub::modbus_sim {

enum class line_kind : std::uint8_t {
  tcp,     ///< Modbus TCP (MBAP), unit ids on one port
  rtu_tcp, ///< raw RTU frames on a TCP socket, as a serial-to-Ethernet converter passes them
  pty,     ///< RTU on a pseudo-terminal the simulator creates
};

/// "tcp", "rtu-tcp", "pty".
std::string_view to_string(line_kind k) noexcept;

/// A run of devices of one profile.
struct device_spec {
  std::uint8_t first = 1; ///< unit id (Modbus) or network address (Mercury)
  std::uint8_t last = 1;
  std::string profile;    ///< a profile id from the profiles folder, or a path to a .yaml file
  std::string line;       ///< command line only: the line's name; empty: on every line (a device of its own each)
  std::optional<std::uint64_t> seed; ///< default: derived from the site's seed, the line and the address
  std::string password = "111111";       ///< Mercury level 1, six digits (or six raw characters)
  std::string admin_password = "222222"; ///< Mercury level 2
};

struct line_spec {
  std::string name;
  line_kind kind = line_kind::tcp;
  std::string host = "127.0.0.1"; ///< tcp, rtu-tcp
  std::uint16_t port = 0;         ///< 0: any free port
  std::string link;               ///< pty: a symlink to create to the pty's path
  /// Answers are paced at this character format when baud > 0 (RTU lines); 0: as fast as the host goes.
  modbus::serial_format format{0, 8, false, 1};
  std::vector<device_spec> devices;
};

struct site_plan {
  std::vector<line_spec> lines;
  std::optional<std::uint64_t> seed; ///< the shop file's seed (the command line's wins)
};

/// "UNIT[-UNIT]:PROFILE[@LINE]" (--device): "1-100:sdm630", "16:owen-mv110-224-16dn@pty1".
caf::expected<device_spec> parse_device_option(std::string_view text);

/// "250ms", "2s", "4m", "1h"; nullopt otherwise.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

/// "HOST:PORT", "[::1]:502", or "PORT" (host 127.0.0.1).
caf::expected<std::pair<std::string, std::uint16_t>> parse_host_port(std::string_view text);

/// A shop file: `seed`, and `lines` each with `name`, `kind`, `listen` (tcp kinds), `link`, `baud`, `parity`,
/// `stop_bits` (pty, rtu-tcp) and `devices` ({unit or address: N or "N-M", profile, seed, password,
/// admin_password}). Every problem is reported at once, "file: key: reason".
caf::expected<site_plan> load_site_file(const std::filesystem::path& file);
caf::expected<site_plan> load_site_text(std::string_view text, const std::filesystem::path& file);

/// Adds command-line devices to their lines (every line when they name none), then checks the plan: line names
/// unique, every @LINE known, no address twice on a line, at least one device on every line.
caf::error place_devices(site_plan& plan, const std::vector<device_spec>& devices);

} // namespace meterhub::modbus_sim
