#include "meterhub/echonet/frame.hpp"

#include <string>

#include "bytes.hpp"
#include "meterhub/echonet/error.hpp"

namespace meterhub::echonet {

namespace {

constexpr std::uint8_t ehd1 = 0x10;
constexpr std::uint8_t ehd2 = 0x81;
constexpr std::size_t header_size = 12; // EHD1 EHD2 TID(2) SEOJ(3) DEOJ(3) ESV OPC

void put_eoj(std::vector<std::uint8_t>& out, const eoj& e) {
  out.insert(out.end(), {e.class_group, e.class_code, e.instance});
}

eoj eoj_at(std::span<const std::uint8_t> b, std::size_t at) noexcept {
  return {b[at], b[at + 1], b[at + 2]};
}

/// Reads OPC property blocks starting at `at`; every block needs EPC and PDC, then PDC bytes.
caf::expected<std::vector<property>> decode_properties(std::span<const std::uint8_t> b, std::size_t at,
                                                        std::size_t opc) {
  std::vector<property> out;
  for (std::size_t i = 0; i < opc; ++i) {
    if (at + 2 > b.size())
      return make_error(echonet_errc::truncated, "property " + std::to_string(i + 1) + " of " +
                                                     std::to_string(opc) + " has no EPC/PDC");
    const std::size_t pdc = b[at + 1];
    if (at + 2 + pdc > b.size())
      return make_error(echonet_errc::pdc_past_end, "PDC " + std::to_string(pdc) + " with " +
                                                        std::to_string(b.size() - at - 2) + " bytes left");
    out.push_back({b[at], {b.begin() + static_cast<std::ptrdiff_t>(at + 2),
                           b.begin() + static_cast<std::ptrdiff_t>(at + 2 + pdc)}});
    at += 2 + pdc;
  }
  if (at != b.size())
    return make_error(echonet_errc::trailing_bytes, std::to_string(b.size() - at) + " bytes after the last property");
  return out;
}

} // namespace

caf::expected<std::vector<std::uint8_t>> encode(const frame& f) {
  if (f.properties.size() > 255)
    return make_error(echonet_errc::bad_argument, std::to_string(f.properties.size()) + " properties");
  std::vector<std::uint8_t> out{ehd1, ehd2};
  detail::put16(out, f.tid);
  put_eoj(out, f.seoj);
  put_eoj(out, f.deoj);
  out.push_back(static_cast<std::uint8_t>(f.esv));
  out.push_back(static_cast<std::uint8_t>(f.properties.size()));
  for (const auto& p : f.properties) {
    if (p.edt.size() > 255)
      return make_error(echonet_errc::bad_argument, std::to_string(p.edt.size()) + " EDT bytes");
    out.push_back(p.epc);
    out.push_back(static_cast<std::uint8_t>(p.edt.size()));
    out.insert(out.end(), p.edt.begin(), p.edt.end());
  }
  return out;
}

caf::expected<frame> decode(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 2)
    return make_error(echonet_errc::truncated, std::to_string(bytes.size()) + " bytes, no EHD");
  if (bytes[0] != ehd1 || bytes[1] != ehd2)
    return make_error(echonet_errc::bad_header, "EHD is not 10 81");
  if (bytes.size() < header_size)
    return make_error(echonet_errc::truncated, "a frame has at least 12 bytes, got " + std::to_string(bytes.size()));
  frame f;
  f.tid = detail::be16(bytes, 2);
  f.seoj = eoj_at(bytes, 4);
  f.deoj = eoj_at(bytes, 7);
  f.esv = static_cast<esv>(bytes[10]);
  auto props = decode_properties(bytes, header_size, bytes[11]);
  if (!props)
    return props.error();
  f.properties = std::move(*props);
  return f;
}

} // namespace meterhub::echonet
