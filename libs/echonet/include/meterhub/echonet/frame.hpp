#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <caf/expected.hpp>

/// ECHONET Lite frames, EDATA format 1 (spec §5): the bytes a Route-B meter and its controller exchange as UDP
/// payloads on port 3610. Pure code: the transport (SKSTACK-IP) lives elsewhere.
namespace meterhub::echonet {

/// An ECHONET object: class group, class, instance. Frames name their source and destination object this way.
struct eoj {
  std::uint8_t class_group = 0;
  std::uint8_t class_code = 0;
  std::uint8_t instance = 0;

  friend bool operator==(const eoj&, const eoj&) = default;
};

/// The controller object a Route-B client speaks as (05FF01).
inline constexpr eoj controller_eoj{0x05, 0xFF, 0x01};
/// The low-voltage smart electric energy meter (028801).
inline constexpr eoj meter_eoj{0x02, 0x88, 0x01};
/// The node profile, sender of the instance list after joining (0EF001).
inline constexpr eoj node_profile_eoj{0x0E, 0xF0, 0x01};

/// ECHONET Lite service codes (spec §5). Unknown codes still decode: the value is kept as received.
enum class esv : std::uint8_t {
  set_i = 0x60,
  set_c = 0x61,
  get = 0x62,
  inf_req = 0x63,
  set_get = 0x6E,
  set_res = 0x71,
  get_res = 0x72,
  inf = 0x73,
  infc = 0x74,
  infc_res = 0x7A,
  set_get_res = 0x7E,
  set_i_sna = 0x50,
  set_c_sna = 0x51,
  get_sna = 0x52,
  inf_sna = 0x53,
  set_get_sna = 0x5E,
};

/// True for the 0x5x "not possible" answers: at least one property was refused (spec §5).
constexpr bool is_not_possible(esv code) noexcept {
  return (static_cast<std::uint8_t>(code) & 0xF0) == 0x50;
}

/// One property block: EPC, and its EDT (PDC is the EDT's size; empty in Get requests and refused properties).
struct property {
  std::uint8_t epc = 0;
  std::vector<std::uint8_t> edt;

  friend bool operator==(const property&, const property&) = default;
};

/// A whole ECHONET Lite frame. SetGet (0x6E/0x7E/0x5E) frames carry two property lists; they are not decoded here
/// (Route-B meters and clients never use them) and their bytes after OPC read as the first list only.
struct frame {
  std::uint16_t tid = 0;
  eoj seoj;
  eoj deoj;
  echonet::esv esv = esv::get;
  std::vector<property> properties;

  friend bool operator==(const frame&, const frame&) = default;
};

/// The bytes of `f`: 10 81, TID, SEOJ, DEOJ, ESV, OPC and the blocks. `bad_argument` when OPC or a PDC would pass 255.
caf::expected<std::vector<std::uint8_t>> encode(const frame& f);

/// Parses one whole UDP payload. Errors: `truncated` (short header or block header), `bad_header` (EHD not 10 81),
/// `pdc_past_end`, `trailing_bytes`.
caf::expected<frame> decode(std::span<const std::uint8_t> bytes);

/// A Get (0x62) from the controller to `target` for `epcs`, each with PDC 0, in the given order.
frame make_get(std::uint16_t tid, std::span<const std::uint8_t> epcs, eoj target = meter_eoj);

/// A SetC (0x61) of one property, as history 1 and 2 need before their Get (spec §7).
frame make_set_c(std::uint16_t tid, property p, eoj target = meter_eoj);

/// The INFC_Res that acknowledges an INFC (spec §5): same TID, objects swapped, same EPCs with PDC 0.
frame make_infc_res(const frame& infc);

/// True when `response` answers `request` as a Route-B client must check it (spec §3, §9.4): same TID, SEOJ is the
/// request's DEOJ and DEOJ its SEOJ, the same number of properties with the EPCs in request order. The ESV is not
/// checked: a Get_SNA is an answer too, and the caller reads `is_not_possible`.
bool is_response_to(const frame& request, const frame& response) noexcept;

/// The property `epc` of `f`, or nullptr. Refused properties (Get_SNA) come back with an empty EDT.
const property* find(const frame& f, std::uint8_t epc) noexcept;

} // namespace meterhub::echonet
