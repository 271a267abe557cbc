#include "command_payload.hpp"

#include <nlohmann/json.hpp>

#include "meterhub/core/time.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/mirror/readings.hpp"

namespace meterhub::mirror::detail {

namespace {

using json = nlohmann::json;

constexpr std::size_t max_payload = 4096;
constexpr std::size_t max_value = 256;
constexpr std::size_t max_address = 128;
constexpr std::size_t max_id = 64;
constexpr std::size_t max_quantities = 64;
constexpr std::size_t max_quantity = 64;
constexpr std::size_t max_args = 16;
constexpr std::size_t max_arg_key = 32;

caf::error bad(std::string_view key, std::string_view reason) {
  return make_error(mirror_errc::malformed_command, std::string{key} + ": " + std::string{reason});
}

/// A JSON scalar as the text a Command carries; nullopt for objects, arrays and null.
std::optional<std::string> scalar_text(const json& j) {
  if (j.is_string())
    return j.get<std::string>();
  if (j.is_boolean())
    return std::string{j.get<bool>() ? "1" : "0"};
  if (j.is_number_unsigned())
    return std::to_string(j.get<std::uint64_t>());
  if (j.is_number_integer())
    return std::to_string(j.get<std::int64_t>());
  if (j.is_number_float())
    return number_text(j.get<double>());
  return std::nullopt;
}

/// A text field of 1..limit characters; `any_scalar` also takes numbers and booleans (the value).
caf::error limited_text(const json& j, std::string_view key, std::size_t limit, bool any_scalar, std::string& out) {
  auto text = j.is_string() || any_scalar ? scalar_text(j) : std::nullopt;
  if (!text)
    return bad(key, any_scalar ? "expected a number, string or boolean" : "expected a string");
  if (text->empty() || text->size() > limit)
    return bad(key, "must have 1 to " + std::to_string(limit) + " characters");
  out = std::move(*text);
  return {};
}

caf::error read_time(const json& j, command_payload& p) {
  if (j.is_string()) {
    p.time_ms = parse_iso8601(j.get<std::string>());
    return p.time_ms ? caf::error{} : bad("time", "expected RFC 3339 such as 2024-03-01T12:00:00Z");
  }
  if (j.is_number_integer()) {
    p.time_ms = j.get<std::int64_t>();
    return {};
  }
  return bad("time", "expected RFC 3339 text or unix milliseconds");
}

caf::error read_timeout(const json& j, std::uint32_t max_timeout_ms, command_payload& p) {
  if (!j.is_number_integer() || j.get<std::int64_t>() < 1 || j.get<std::int64_t>() > max_timeout_ms)
    return bad("timeout_ms", "expected milliseconds from 1 to " + std::to_string(max_timeout_ms));
  p.timeout_ms = static_cast<std::uint32_t>(j.get<std::int64_t>());
  return {};
}

caf::error read_quantities(const json& j, command_payload& p) {
  if (!j.is_array() || j.size() > max_quantities)
    return bad("quantities", "expected a list of at most " + std::to_string(max_quantities) + " quantities");
  for (const auto& q : j) {
    std::string text;
    if (auto err = limited_text(q, "quantities", max_quantity, false, text))
      return err;
    p.quantities.push_back(std::move(text));
  }
  return {};
}

caf::error read_args(const json& j, command_payload& p) {
  if (!j.is_object() || j.size() > max_args)
    return bad("args", "expected an object of at most " + std::to_string(max_args) + " entries");
  for (const auto& [key, value] : j.items()) {
    if (key.empty() || key.size() > max_arg_key)
      return bad("args", "keys have 1 to " + std::to_string(max_arg_key) + " characters");
    auto text = scalar_text(value);
    if (!text || value.is_boolean() || text->size() > max_value)
      return bad("args." + key, "expected a string or number of at most " + std::to_string(max_value) + " chars");
    p.args[key] = std::move(*text);
  }
  return {};
}

caf::error read_key(const std::string& key, const json& j, std::uint32_t max_timeout_ms, command_payload& p) {
  if (key == "kind") {
    p.kind = j.is_string() ? parse_command_kind(j.get<std::string>()) : std::nullopt;
    return p.kind ? caf::error{} : bad("kind", "expected read, write, poll, set_clock or read_archive");
  }
  if (key == "value")
    return limited_text(j, "value", max_value, true, p.value.emplace());
  if (key == "address")
    return limited_text(j, "address", max_address, false, p.address.emplace());
  if (key == "id")
    return limited_text(j, "id", max_id, false, p.id);
  if (key == "quantities")
    return read_quantities(j, p);
  if (key == "time")
    return read_time(j, p);
  if (key == "timeout_ms")
    return read_timeout(j, max_timeout_ms, p);
  if (key == "args")
    return read_args(j, p);
  return bad(key, "unknown key (kind, value, address, quantities, time, timeout_ms, id, args)");
}

} // namespace

caf::expected<command_payload> parse_payload(std::string_view payload, std::uint32_t max_timeout_ms) {
  command_payload p;
  if (payload.size() > max_payload)
    return bad("payload", "longer than " + std::to_string(max_payload) + " bytes");
  if (payload.find('\0') != std::string_view::npos)
    return bad("payload", "contains NUL, which JSON text never does"); // nlohmann would stop reading there
  if (payload.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return p;
  const auto j = json::parse(payload.begin(), payload.end(), nullptr, false);
  if (j.is_discarded())
    return bad("payload", "not JSON: send {\"value\": ...}, {\"kind\": \"read\"} or a bare number");
  if (j.is_null())
    return p;
  if (!j.is_object()) {
    if (auto err = limited_text(j, "value", max_value, true, p.value.emplace()))
      return err;
    return p;
  }
  for (const auto& [key, value] : j.items())
    if (auto err = read_key(key, value, max_timeout_ms, p))
      return err;
  return p;
}

} // namespace meterhub::mirror::detail
