// libFuzzer target for the Modbus TCP export (libs/modbus_export): what SCADA clients send and what the image
// serves. Input: a selector byte, then:
//   0 a TCP byte stream, framed as the server frames it (mbap_frame_size over the buffer, whole ADUs consumed),
//     every ADU classified against a fixed map; a read decision must be servable by the image, a write must name a
//     command covering exactly the written registers, an exception must be one the export defines
//   1 a batch (readings from 11-byte records: quantity index, double value, time and flag bits), applied and
//     ticked, then reads at random units, tables, addresses and counts (up to 300 registers) from 6-byte records:
//     the image answers 0 exactly when the layout places the whole range in one block, and every quality
//     register holds a defined code
//   2 a random register map (units, values with random tables, addresses, types, quality and age registers,
//     commands): check() and compilation agree, and a map that passes compiles, renders and reads back every block
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "meterhub/modbus_export/image.hpp"
#include "meterhub/modbus_export/request.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using modbus::table;
using modbus::value_type;
using modbus::word_order;

namespace {

using bytes = std::span<const std::uint8_t>;

void require(bool holds) {
  if (!holds)
    std::abort();
}

/// Reads the input front to back; past the end everything is 0.
struct cursor {
  bytes data;
  std::size_t at = 0;
  bool done() const { return at >= data.size(); }
  std::uint8_t u8() { return at < data.size() ? data[at++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>((u8() << 8) | u8()); }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
      v = (v << 8) | u8();
    return v;
  }
};

const char* const quantities[] = {"1-0:1.7.0", "1-0:2.7.0", "1-0:32.7.0", "1-0:1.8.0", "x:state"};
const value_type types[] = {value_type::u16, value_type::s16, value_type::u32, value_type::s32,
                            value_type::u64, value_type::s64, value_type::f32, value_type::f64};

value_entry entry(const char* quantity, table t, std::uint16_t address, value_encoding e,
                  std::optional<std::uint16_t> quality = {}, std::optional<std::uint16_t> age = {}) {
  value_entry v;
  v.quantity = quantity;
  v.table = t;
  v.address = address;
  v.encoding = e;
  v.quality_address = quality;
  v.age_address = age;
  return v;
}

/// Unit 1: every type with quality and age registers, holding and input, gaps, a heartbeat and commands; unit 200
/// a small block at the end of the address space.
const export_layout& fixed_layout() {
  static const auto layout = [] {
    unit_map u;
    u.unit_id = 1;
    u.device = "meter-1";
    u.max_gap = 4;
    u.heartbeat = register_ref{table::input, 99};
    for (std::size_t i = 0; i < std::size(types); ++i) {
      auto at = static_cast<std::uint16_t>(10 * i);
      auto order = static_cast<word_order>(i % 4);
      u.values.push_back(entry(quantities[i % 5], i % 2 ? table::input : table::holding, at,
                               {types[i], order, {i % 3 ? 0.1 : 1000.0, i % 2 ? -40.0 : 0.0}},
                               static_cast<std::uint16_t>(at + 4), static_cast<std::uint16_t>(at + 5)));
      u.values.back().age_type = i % 2 ? value_type::u32 : value_type::u16;
    }
    u.commands = {{table::holding, 100, {value_type::u16, word_order::abcd, {0.1, 0}}, "limit"},
                  {table::holding, 102, {value_type::f32, word_order::cdab, {}}, "setpoint"},
                  {table::coil, 7, {}, "breaker"}};
    unit_map end;
    end.unit_id = 200;
    end.device = "meter-2";
    end.values.push_back(entry("1-0:1.7.0", table::holding, 65532, {value_type::f64, word_order::dcba, {}}));
    auto made = export_layout::make(export_map{{u, end}});
    require(static_cast<bool>(made));
    return std::move(*made);
  }();
  return layout;
}

void check_decision(const classified_request& d, const export_layout& layout, register_image& image) {
  switch (d.action) {
    case request_action::read: {
      require(d.count >= 1 && d.count <= 125);
      std::vector<std::uint16_t> out(d.count);
      require(image.read(d.unit_id, d.table, d.address, out) == 0);
      break;
    }
    case request_action::write: {
      const auto* unit = layout.unit(d.unit_id);
      require(unit != nullptr);
      const auto* command = unit->command_at(d.write.table, d.write.address);
      require(command != nullptr && command->width == d.write.words.size() && d.count == command->width);
      image.hold_command(d.unit_id, d.address, d.write.words);
      break;
    }
    case request_action::exception:
      require(d.exception == 1 || d.exception == 2 || d.exception == 3 || d.exception == 0x0B);
      break;
  }
}

void fuzz_stream(bytes stream) {
  const auto& layout = fixed_layout();
  register_image image{std::shared_ptr<const export_layout>(&layout, [](const export_layout*) {}), 0};
  std::size_t used = 0;
  while (used < stream.size()) {
    const auto rest = stream.subspan(used);
    const auto size = mbap_frame_size(rest);
    require(size <= static_cast<std::ptrdiff_t>(rest.size()));
    if (size <= 0)
      break;
    const auto adu = rest.first(static_cast<std::size_t>(size));
    check_decision(classify(adu, layout), layout, image);
    used += static_cast<std::size_t>(size);
  }
  // Any bytes at all, not framed: classification must refuse or decide without reading past them.
  auto raw = classify(stream, layout);
  if (mbap_frame_size(stream) != static_cast<std::ptrdiff_t>(stream.size()))
    require(raw.action == request_action::exception && raw.malformed);
}

reading_batch batch_from(cursor& in) {
  reading_batch batch;
  batch.device = in.u8() % 4 == 0 ? "meter-2" : "meter-1";
  for (int n = in.u8() % 16; n > 0 && !in.done(); --n) {
    reading r;
    r.quantity = quantities[in.u8() % 5];
    r.value = std::bit_cast<double>(in.u64());
    r.time_ms = static_cast<std::int64_t>(in.u8()) * 1000 - 50'000;
    r.flags = in.u8() & 0x7F;
    batch.readings.push_back(std::move(r));
  }
  return batch;
}

void check_qualities(const register_image& image) {
  const auto& units = image.layout().units();
  for (std::size_t ui = 0; ui < units.size(); ++ui)
    for (std::size_t vi = 0; vi < units[ui].values.size(); ++vi) {
      const auto& v = units[ui].values[vi];
      require(static_cast<unsigned>(image.quality_of(ui, vi)) <= 4);
      if (v.quality_at) {
        std::uint16_t q = 9;
        require(image.read(units[ui].unit_id, v.entry.table, *v.entry.quality_address, {&q, 1}) == 0);
        require(q == static_cast<std::uint16_t>(image.quality_of(ui, vi)));
      }
    }
}

void fuzz_image(bytes data) {
  const auto& layout = fixed_layout();
  register_image image{std::shared_ptr<const export_layout>(&layout, [](const export_layout*) {}), 0};
  cursor in{data};
  image.apply(batch_from(in), static_cast<std::int64_t>(in.u16()) * 100);
  image.tick(static_cast<std::int64_t>(in.u16()) * 1000);
  check_qualities(image);
  std::vector<std::uint16_t> out;
  while (!in.done()) {
    const std::uint8_t unit = in.u8() % 3 == 0 ? 200 : in.u8();
    const auto t = static_cast<table>(1 + in.u8() % 4);
    const std::uint16_t address = in.u16();
    out.assign(in.u16() % 301, 0xAAAA);
    const auto code = image.read(unit, t, address, out);
    const auto* u = layout.unit(unit);
    const auto* regs = u ? u->registers(t) : nullptr;
    const bool placed = regs && regs->locate(address, static_cast<std::uint32_t>(out.size()));
    require((code == 0) == placed);
    require(code == 0 || code == 1 || code == 2 || code == 0x0B);
  }
}

export_map map_from(cursor& in) {
  export_map map;
  for (int units = 1 + in.u8() % 3; units > 0; --units) {
    unit_map u;
    u.unit_id = in.u8();
    u.device = in.u8() % 8 ? "meter-" + std::to_string(u.unit_id % 3) : "Bad Id";
    u.max_gap = in.u8();
    u.stale_after_ms = in.u8() * 500;
    if (in.u8() % 2)
      u.heartbeat = register_ref{static_cast<table>(1 + in.u8() % 4), in.u16()};
    for (int n = in.u8() % 8; n > 0; --n) {
      auto v = entry(quantities[in.u8() % 5], static_cast<table>(1 + in.u8() % 4), in.u16(),
                     {static_cast<value_type>(in.u8() % 13), static_cast<word_order>(in.u8() % 4),
                      {static_cast<double>(static_cast<std::int8_t>(in.u8())) / 4, 0}});
      if (in.u8() % 2)
        v.quality_address = in.u16();
      if (in.u8() % 2)
        v.age_address = in.u16();
      v.age_type = in.u8() % 2 ? value_type::u32 : value_type::u16;
      u.values.push_back(std::move(v));
    }
    for (int n = in.u8() % 3; n > 0; --n)
      u.commands.push_back({static_cast<table>(1 + in.u8() % 4), in.u16(),
                            {static_cast<value_type>(in.u8() % 13), word_order::abcd, {1, 0}}, in.u8() % 4 ? "c" : ""});
    map.units.push_back(std::move(u));
  }
  return map;
}

void fuzz_map(bytes data) {
  cursor in{data};
  const auto map = map_from(in);
  const bool valid = check(map).empty();
  auto layout = export_layout::make(map);
  require(valid == static_cast<bool>(layout));
  if (!valid)
    return;
  auto shared = std::make_shared<const export_layout>(std::move(*layout));
  register_image image{shared, 0};
  image.tick(5000);
  check_qualities(image);
  for (const auto& u : shared->units())
    for (auto t : {table::holding, table::input})
      for (const auto& b : u.registers(t)->blocks) {
        std::vector<std::uint16_t> out(b.count);
        require(image.read(u.unit_id, t, static_cast<std::uint16_t>(b.start), out) == 0);
      }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const bytes rest{data + 1, size - 1};
  switch (data[0] % 3) {
    case 0:
      fuzz_stream(rest);
      break;
    case 1:
      fuzz_image(rest);
      break;
    default:
      fuzz_map(rest);
  }
  return 0;
}
