#include "meterhub/wire/convert.hpp"

#include <cmath>

#include <google/protobuf/stubs/logging.h>

#include "meterhub/core/text.hpp"
#include "meterhub/wire/error.hpp"

namespace meterhub::wire {

namespace {

/// Protobuf logs a line for every string field with invalid UTF-8 it parses, without any limit, so whoever may
/// publish on the bus could flood a service's log. Decoding failures are errors here, which the services count and
/// log at a limited rate themselves; protobuf's own lines are dropped (fatal ones still abort).
const bool protobuf_log_quiet = [] {
  google::protobuf::SetLogHandler(nullptr);
  return true;
}();

} // namespace

void to_proto(const reading& in, v1::Reading& out) {
  out.set_quantity(in.quantity);
  if (in.value)
    out.set_value(*in.value);
  out.set_unit(static_cast<v1::Unit>(in.unit));
  out.set_time_unix_ms(in.time_ms);
  for (int bit = 0; bit < flag_count; ++bit)
    if (in.flags & (1u << bit))
      out.add_flags(static_cast<v1::Flag>(bit + 1));
  if (!in.text.empty())
    out.set_text(as_utf8(in.text)); // a protobuf string must be UTF-8, or the consumer cannot decode the batch
}

reading from_proto(const v1::Reading& in) {
  reading out;
  out.quantity = in.quantity();
  if (in.has_value() && std::isfinite(in.value()))
    out.value = in.value();
  else if (in.has_value()) // NaN or infinity: no meter sends it; keep the reading, not the value
    out.set(flag::invalid);
  if (v1::Unit_IsValid(in.unit()) && in.unit() <= static_cast<int>(unit::second))
    out.unit = static_cast<unit>(in.unit());
  out.time_ms = in.time_unix_ms();
  for (int f : in.flags())
    if (f >= 1 && f <= flag_count)
      out.flags |= 1u << (f - 1);
  out.text = in.text();
  return out;
}

void to_proto(const reading_batch& in, v1::ReadingBatch& out) {
  out.set_device(in.device);
  out.set_source(in.source);
  out.set_sequence(in.sequence);
  out.set_received_unix_ms(in.received_ms);
  out.mutable_readings()->Reserve(static_cast<int>(in.readings.size()));
  for (const auto& r : in.readings)
    to_proto(r, *out.add_readings());
}

reading_batch from_proto(const v1::ReadingBatch& in) {
  reading_batch out;
  out.device = in.device();
  out.source = in.source();
  out.sequence = in.sequence();
  out.received_ms = in.received_unix_ms();
  out.readings.reserve(static_cast<std::size_t>(in.readings_size()));
  for (const auto& r : in.readings())
    out.readings.push_back(from_proto(r));
  return out;
}

std::string encode_batch(const reading_batch& batch) {
  v1::ReadingBatch msg;
  to_proto(batch, msg);
  return msg.SerializeAsString();
}

caf::expected<reading_batch> decode_batch(std::string_view bytes) {
  v1::ReadingBatch msg;
  if (!msg.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error(wire_errc::malformed_payload, "not a meterhub.v1.ReadingBatch");
  if (!is_valid_device_id(msg.device()))
    return make_error(wire_errc::invalid_device, "invalid device id '" + msg.device() + "'");
  return from_proto(msg);
}

} // namespace meterhub::wire
