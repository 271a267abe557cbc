#include "decoder.hpp"

#include <cctype>
#include <cstdio>

#include "meterhub/core/error.hpp"

namespace meterhub::p1 {

telegram_decoder::telegram_decoder(decoder_options opts)
  : opts_(std::move(opts)), framer_({8 * 1024, opts_.clear_bit7 && !opts_.keys}) {
}

void telegram_decoder::feed(std::string_view bytes) {
  if (!opts_.keys) {
    framer_.feed(bytes);
    return;
  }
  envelopes_.feed(bytes);
}

void telegram_decoder::flush_idle() {
  framer_.flush_idle();
}

std::uint64_t telegram_decoder::dropped_bytes() const noexcept {
  return framer_.dropped_bytes() + envelopes_.dropped_bytes();
}

std::optional<decoded_telegram> telegram_decoder::next(std::int64_t received_ms) {
  if (opts_.keys) {
    // Each envelope holds one plaintext telegram; frame it like a plain stream (the final CR LF may be missing).
    while (auto env = envelopes_.next()) {
      auto plain = dsmr::decrypt_smarty(*env, *opts_.keys);
      if (!plain) {
        decoded_telegram bad;
        bad.problem = describe(plain.error());
        bad.counter = "decrypt";
        return bad;
      }
      framer_.feed(*plain);
      framer_.flush_idle();
    }
  }
  auto frame = framer_.next();
  if (!frame)
    return std::nullopt;
  return decode(frame->text, frame->has_end, received_ms);
}

namespace {

std::string hex4(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", v);
  return buf;
}

} // namespace

decoded_telegram telegram_decoder::decode(const std::string& text, bool has_end, std::int64_t received_ms) {
  decoded_telegram out;
  auto t = dsmr::parse_telegram(text);
  if (!t) {
    out.problem = describe(t.error());
    out.counter = "malformed";
    return out;
  }
  out.kind = t->kind;
  out.ident = std::string{t->ident};
  out.equipment_id = dsmr::equipment_id(*t);
  if (t->crc == dsmr::crc_status::invalid) {
    out.problem = "CRC mismatch: expected " + hex4(t->crc_expected) + ", received " + hex4(t->crc_received);
    out.counter = "crc";
  } else if (!dsmr::crc_acceptable(*t)) {
    out.problem = has_end ? "no CRC, which this dialect requires" : "telegram cut short (no end line)";
    out.counter = "missing_crc";
  }
  if (!out.problem.empty() && !opts_.publish_invalid_crc)
    return out;
  for (auto& r : dsmr::to_readings(*t, {opts_.zone, received_ms})) {
    if (!opts_.publish[static_cast<std::size_t>(dsmr::classify(r))])
      continue;
    if (!out.problem.empty())
      r.set(flag::invalid);
    out.readings.push_back(std::move(r));
  }
  out.accepted = true;
  return out;
}

std::string device_id_for(const std::string& equipment_id, const std::string& fallback) {
  const auto& source = equipment_id.empty() ? fallback : equipment_id;
  std::string id = "p1-";
  for (char c : source) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::isalnum(static_cast<unsigned char>(l)) || l == '_' || l == '.' || l == '-')
      id += l;
    else if (id.back() != '-')
      id += '-';
  }
  return id.substr(0, 64);
}

} // namespace meterhub::p1
