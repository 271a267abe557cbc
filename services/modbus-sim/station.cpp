#include "station.hpp"

#include "mercury_meter.hpp"
#include "meterhub/mercury/frame.hpp"
#include "meterhub/modbus/error.hpp"

namespace meterhub::modbus_sim {

namespace {

/// The exception answer to a frame the codec refused with an exception code (an unknown function, a quantity
/// out of range): unit id, function code and transaction id straight from its bytes.
line_reply refused_frame(std::span<const std::uint8_t> frame, modbus::framing f, std::uint8_t code) {
  const bool rtu = f == modbus::framing::rtu;
  modbus::response r;
  r.unit_id = frame[rtu ? 0 : 6];
  r.function = static_cast<modbus::function_code>(frame[rtu ? 1 : 7] & 0x7F);
  r.transaction_id = rtu ? 0 : static_cast<std::uint16_t>((frame[0] << 8) | frame[1]);
  r.exception_code = code;
  line_reply out;
  out.device = r.unit_id;
  if (auto bytes = modbus::encode_response(r, f))
    out.bytes = std::move(*bytes);
  return out;
}

modbus::response exception_to(const modbus::request& r, std::uint8_t code) {
  modbus::response out;
  out.transaction_id = r.transaction_id;
  out.unit_id = r.unit_id;
  out.function = r.function;
  out.exception_code = code;
  return out;
}

std::uint8_t error_code(const caf::error& err) {
  return err.category() == caf::atom("modbus") ? err.code() : 0;
}

} // namespace

line_station::line_station(std::string name, modbus::framing framing) : name_(std::move(name)), framing_(framing) {
}

line_station::~line_station() = default;
line_station::line_station(line_station&&) noexcept = default;

bool line_station::add(std::unique_ptr<modbus_device> device) {
  const auto unit = device->unit();
  if (modbus_.count(unit) || mercury_.count(unit))
    return false;
  modbus_.emplace(unit, std::move(device));
  return true;
}

bool line_station::add(std::unique_ptr<mercury_meter> meter) {
  const auto address = meter->address();
  if (modbus_.count(address) || mercury_.count(address))
    return false;
  mercury_.emplace(address, std::move(meter));
  return true;
}

std::bitset<256> line_station::mercury_addresses() const {
  std::bitset<256> out;
  for (const auto& [address, meter] : mercury_)
    out.set(address);
  return out;
}

modbus_device* line_station::modbus_at(std::uint8_t unit) const {
  auto it = modbus_.find(unit);
  return it == modbus_.end() ? nullptr : it->second.get();
}

mercury_meter* line_station::mercury_at(std::uint8_t address) const {
  auto it = mercury_.find(address);
  return it == mercury_.end() ? nullptr : it->second.get();
}

line_reply line_station::on_frame(std::span<const std::uint8_t> frame, bool mercury, const fault_plan& faults,
                                  bool silenced, const sim_time& now, random_source& rng) {
  if (mercury && framing_ == modbus::framing::rtu)
    return on_mercury(frame, faults, silenced, now, rng);
  return on_modbus(frame, faults, silenced, now, rng);
}

line_reply line_station::on_modbus(std::span<const std::uint8_t> frame, const fault_plan& faults, bool silenced,
                                   const sim_time& now, random_source& rng) {
  const bool rtu = framing_ == modbus::framing::rtu;
  // The shortest frame that names a unit and a function: address, function, CRC (RTU); MBAP, unit, function (TCP).
  if (frame.size() < (rtu ? 4u : 8u))
    return {{}, false, {}, -1, "a frame of " + std::to_string(frame.size()) + " byte(s) is too short to answer"};
  const auto parsed = modbus::parse_request(frame, framing_);
  const std::uint8_t unit = frame[rtu ? 0 : 6];
  auto* device = modbus_at(unit);
  if (rtu && unit == 0 && parsed) { // a broadcast: every device carries out the write, none answers
    broadcast(*parsed, now.model_ms);
    return {{}, false, {}, 0, "broadcast"};
  }
  if (!device && rtu) // another device's frame on a shared bus, or nobody's: a device keeps quiet
    return {{}, false, {}, -1, "unit " + std::to_string(unit) + " is not on this line"};
  if (!parsed && error_code(parsed.error()) == static_cast<std::uint8_t>(modbus::modbus_errc::bad_frame))
    return {{}, false, {}, unit, describe(parsed.error())};
  if (!device) { // a TCP gateway answers for units behind it that it cannot reach (Application Protocol §7)
    auto out = refused_frame(frame, framing_, static_cast<std::uint8_t>(modbus::modbus_errc::gateway_target_failed));
    out.note = "unit " + std::to_string(unit) + " is not on this port";
    return out;
  }
  line_reply out;
  out.device = unit;
  out.faults = roll(faults.mix_for(name_, unit, silenced), rng);
  if (out.faults.drop || out.faults.silence) {
    out.drop = out.faults.drop;
    return out;
  }
  if (!parsed) {
    out.bytes = refused_frame(frame, framing_, error_code(parsed.error())).bytes;
  } else {
    const auto response = out.faults.exception ? exception_to(*parsed, out.faults.exception_code)
                                               : device->answer(*parsed, now.model_ms);
    auto bytes = modbus::encode_response(response, framing_);
    out.bytes = bytes ? std::move(*bytes) : *modbus::encode_response(exception_to(*parsed, 4), framing_);
  }
  corrupt(out.bytes, out.faults, rtu, rng);
  return out;
}

void line_station::broadcast(const modbus::request& r, std::int64_t model_ms) {
  const bool write = r.function == modbus::function_code::write_single_coil
                     || r.function == modbus::function_code::write_single_register
                     || r.function == modbus::function_code::write_multiple_coils
                     || r.function == modbus::function_code::write_multiple_registers;
  if (write)
    for (auto& [unit, device] : modbus_)
      device->answer(r, model_ms);
}

line_reply line_station::on_mercury(std::span<const std::uint8_t> frame, const fault_plan& faults, bool silenced,
                                    const sim_time& now, random_source& rng) {
  auto* meter = mercury_at(frame[0]);
  if (!meter)
    return {{}, false, {}, -1, "no Mercury meter at " + std::to_string(frame[0])};
  line_reply out;
  out.device = meter->address();
  out.faults = roll(faults.mix_for(name_, meter->address(), silenced), rng);
  if (out.faults.drop || out.faults.silence) {
    out.drop = out.faults.drop;
    return out;
  }
  if (out.faults.exception)
    out.bytes = mercury::status_reply(meter->address(), out.faults.exception_code);
  else
    out.bytes = meter->answer(frame, now);
  corrupt(out.bytes, out.faults, true, rng);
  return out;
}

} // namespace meterhub::modbus_sim
