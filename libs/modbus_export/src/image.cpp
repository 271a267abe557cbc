#include "meterhub/modbus_export/image.hpp"

#include <algorithm>
#include <cassert>

#include "meterhub/modbus_export/encoding.hpp"

namespace meterhub::modbus_export {

using modbus::table;

register_image::register_image(std::shared_ptr<const export_layout> layout, std::int64_t start_ms)
  : layout_(std::move(layout)), start_ms_(start_ms) {
  for (std::size_t i = 0; i < layout_->slots().size(); ++i) {
    [[maybe_unused]] auto slot = latest_.track(layout_->slots()[i].device, layout_->slots()[i].quantity);
    assert(slot == i); // the layout numbered the distinct pairs in this order
  }
  for (const auto& u : layout_->units()) {
    words_.push_back({std::vector<std::uint16_t>(u.holding.size), std::vector<std::uint16_t>(u.input.size)});
    clamped_.emplace_back(u.values.size(), false);
    qualities_.emplace_back(u.values.size(), quality::never_received);
  }
  for (std::size_t ui = 0; ui < layout_->units().size(); ++ui)
    for (std::size_t vi = 0; vi < layout_->units()[ui].values.size(); ++vi)
      render_status(ui, vi, start_ms);
}

std::vector<std::uint16_t>& register_image::words_of(std::size_t unit_index, modbus::table t) noexcept {
  return words_[unit_index][t == table::input ? 1 : 0];
}

void register_image::render_value(std::size_t unit_index, std::size_t value_index, std::int64_t now_ms) {
  const auto& placed = layout_->units()[unit_index].values[value_index];
  const auto& latest = latest_.at(placed.slot);
  auto encoded = encode_value(latest.value, placed.entry.encoding);
  auto& words = words_of(unit_index, placed.entry.table);
  std::copy(encoded.words.begin(), encoded.words.begin() + encoded.count, words.begin() + placed.value_at);
  clamped_[unit_index][value_index] = encoded.clamped;
  render_status(unit_index, value_index, now_ms);
}

void register_image::render_status(std::size_t unit_index, std::size_t value_index, std::int64_t now_ms) {
  const auto& placed = layout_->units()[unit_index].values[value_index];
  const auto& latest = latest_.at(placed.slot);
  auto q = assess(latest, now_ms, placed.stale_after_ms);
  if (clamped_[unit_index][value_index] && (q == quality::good || q == quality::stale))
    q = quality::out_of_range;
  qualities_[unit_index][value_index] = q;
  auto& words = words_of(unit_index, placed.entry.table);
  if (placed.quality_at)
    words[*placed.quality_at] = static_cast<std::uint16_t>(q);
  if (placed.age_at) {
    auto age = encode_count(age_seconds(latest, now_ms), placed.entry.age_type, placed.entry.encoding.order);
    std::copy(age.words.begin(), age.words.begin() + age.count, words.begin() + *placed.age_at);
  }
}

std::size_t register_image::apply(const reading_batch& batch, std::int64_t now_ms) {
  auto changed = latest_.apply(batch, now_ms);
  for (auto slot : changed)
    for (const auto& ref : layout_->shown_by(slot))
      render_value(ref.unit, ref.value, now_ms);
  return changed.size();
}

void register_image::tick(std::int64_t now_ms) {
  const auto& units = layout_->units();
  const auto beats = now_ms > start_ms_ ? static_cast<std::uint64_t>(now_ms - start_ms_) / 1000 : 0;
  for (std::size_t ui = 0; ui < units.size(); ++ui) {
    for (std::size_t vi = 0; vi < units[ui].values.size(); ++vi)
      render_status(ui, vi, now_ms);
    if (units[ui].heartbeat_table)
      words_of(ui, *units[ui].heartbeat_table)[units[ui].heartbeat_at] = static_cast<std::uint16_t>(beats & 0xFFFF);
  }
}

std::uint8_t register_image::read(std::uint8_t unit_id, modbus::table t, std::uint16_t address,
                                  std::span<std::uint16_t> out) const noexcept {
  const int index = layout_->index_of(unit_id);
  if (index < 0)
    return exception_code::gateway_target_failed;
  const auto* registers = layout_->units()[static_cast<std::size_t>(index)].registers(t);
  if (registers == nullptr)
    return exception_code::illegal_function;
  auto at = registers->locate(address, static_cast<std::uint32_t>(out.size()));
  if (!at)
    return exception_code::illegal_data_address;
  const auto& words = words_[static_cast<std::size_t>(index)][t == table::input ? 1 : 0];
  std::copy_n(words.begin() + *at, out.size(), out.begin());
  return 0;
}

void register_image::hold_command(std::uint8_t unit_id, std::uint16_t address,
                                  std::span<const std::uint16_t> words) noexcept {
  const int index = layout_->index_of(unit_id);
  if (index < 0)
    return;
  const auto* command = layout_->units()[static_cast<std::size_t>(index)].command_at(table::holding, address);
  if (command == nullptr || words.size() != command->width)
    return;
  auto& stored = words_of(static_cast<std::size_t>(index), table::holding);
  std::copy(words.begin(), words.end(), stored.begin() + command->readback_at);
}

quality register_image::quality_of(std::size_t unit_index, std::size_t value_index) const noexcept {
  return qualities_[unit_index][value_index];
}

std::size_t shared_image::apply(const reading_batch& batch, std::int64_t now_ms) {
  std::lock_guard<std::mutex> guard{mutex_};
  return image_.apply(batch, now_ms);
}

void shared_image::tick(std::int64_t now_ms) {
  std::lock_guard<std::mutex> guard{mutex_};
  image_.tick(now_ms);
}

std::uint8_t shared_image::read(std::uint8_t unit_id, modbus::table t, std::uint16_t address,
                                std::span<std::uint16_t> out) const noexcept {
  std::lock_guard<std::mutex> guard{mutex_};
  return image_.read(unit_id, t, address, out);
}

void shared_image::hold_command(std::uint8_t unit_id, std::uint16_t address,
                                std::span<const std::uint16_t> words) noexcept {
  std::lock_guard<std::mutex> guard{mutex_};
  image_.hold_command(unit_id, address, words);
}

caf::expected<std::shared_ptr<shared_image>> make_shared_image(const export_map& map, std::int64_t start_ms,
                                                               std::string_view key_prefix) {
  auto layout = export_layout::make(map, key_prefix);
  if (!layout)
    return layout.error();
  return std::make_shared<shared_image>(
    register_image{std::make_shared<const export_layout>(std::move(*layout)), start_ms});
}

} // namespace meterhub::modbus_export
