#pragma once

#include <bitset>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "faults.hpp"
#include "meterhub/modbus/frame.hpp"
#include "modbus_device.hpp"
#include "random.hpp"

/// One line of the simulated site and the devices on it: a Modbus TCP port with its unit ids, or an RTU line (a
/// pty, or raw RTU through a TCP converter) where Modbus units and Mercury meters share the addresses. Frames in,
/// answers out, with the faults applied. Pure: time and randomness come from the caller.
namespace meterhub::modbus_sim {

class mercury_meter;

/// The simulator's two clocks at one instant: model time drives the physics (and runs `--speed` times faster),
/// host time measures how long a Mercury channel has been idle.
struct sim_time {
  std::int64_t model_ms = 0;
  std::int64_t host_ms = 0;
};

/// What to do about one frame.
struct line_reply {
  std::vector<std::uint8_t> bytes; ///< empty: no answer
  bool drop = false;               ///< close the connection instead
  fault_decision faults;           ///< what the roll decided (slow: send after the slow delay)
  int device = -1;                 ///< the addressed unit or Mercury address; -1 when none of ours
  std::string note;                ///< why there is no answer, for the log ("unit 9 is not on this line")
};

class line_station {
public:
  /// `framing`: tcp for a Modbus TCP port (MBAP), rtu for a pty or an RTU-over-TCP converter.
  line_station(std::string name, modbus::framing framing);
  ~line_station();
  line_station(line_station&&) noexcept;

  /// Adds a device; false when its address is taken on this line.
  bool add(std::unique_ptr<modbus_device> device);
  bool add(std::unique_ptr<mercury_meter> meter);

  /// Answers one frame (as the splitter or rtu_reader cut it).
  line_reply on_frame(std::span<const std::uint8_t> frame, bool mercury, const fault_plan& faults, bool silenced,
                      const sim_time& now, random_source& rng);

  const std::string& name() const noexcept { return name_; }
  modbus::framing framing() const noexcept { return framing_; }
  /// The addresses of the Mercury meters (for the RTU reader).
  std::bitset<256> mercury_addresses() const;
  std::size_t size() const noexcept { return modbus_.size() + mercury_.size(); }
  modbus_device* modbus_at(std::uint8_t unit) const;
  mercury_meter* mercury_at(std::uint8_t address) const;
  const std::map<std::uint8_t, std::unique_ptr<modbus_device>>& modbus_devices() const noexcept { return modbus_; }

private:
  line_reply on_modbus(std::span<const std::uint8_t> frame, const fault_plan& faults, bool silenced,
                       const sim_time& now, random_source& rng);
  line_reply on_mercury(std::span<const std::uint8_t> frame, const fault_plan& faults, bool silenced,
                        const sim_time& now, random_source& rng);
  void broadcast(const modbus::request& r, std::int64_t model_ms);

  std::string name_;
  modbus::framing framing_;
  std::map<std::uint8_t, std::unique_ptr<modbus_device>> modbus_;
  std::map<std::uint8_t, std::unique_ptr<mercury_meter>> mercury_;
};

} // namespace meterhub::modbus_sim
