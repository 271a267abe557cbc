#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "meterhub/core/reading.hpp"
#include "meterhub/modbus_export/layout.hpp"
#include "meterhub/modbus_export/latest_values.hpp"

/// The Modbus register image: every unit's holding and input registers as SCADA reads them, rendered from the
/// latest values (latest_values.hpp, which knows nothing of Modbus) through the compiled layout. The bridge's actor
/// feeds it batches and ticks it once a second; the server (server.hpp) copies registers out of it. Pure: the
/// caller passes the time.
namespace meterhub::modbus_export {

/// Modbus exception codes the image and the request classification answer with (Modbus Application Protocol
/// V1.1b3 §7).
namespace exception_code {
inline constexpr std::uint8_t illegal_function = 0x01;
inline constexpr std::uint8_t illegal_data_address = 0x02;
inline constexpr std::uint8_t illegal_data_value = 0x03;
inline constexpr std::uint8_t server_device_failure = 0x04;
inline constexpr std::uint8_t gateway_target_failed = 0x0B;
} // namespace exception_code

class register_image {
public:
  /// An image of `layout` with every value never received (value registers 0, quality 3, age saturated) and the
  /// heartbeats at 0. `start_ms`: the time the heartbeat counts from.
  register_image(std::shared_ptr<const export_layout> layout, std::int64_t start_ms);

  /// Takes the batch's readings (latest_values::apply's rule: the newest wins, an older backfilled reading never
  /// overwrites) and renders the registers of every value they change, quality and age as of `now_ms`. Returns
  /// how many tracked quantities changed.
  std::size_t apply(const reading_batch& batch, std::int64_t now_ms);

  /// Renders what time changes: every age and quality register, and the heartbeats (whole seconds since
  /// `start_ms`, modulo 65536, so SCADA sees the bridge alive while the counter moves). Call it once a second.
  void tick(std::int64_t now_ms);

  /// Copies registers [address, address + out.size()) of `table` of unit `unit_id` into `out`. Returns 0, or the
  /// exception to answer: gateway_target_failed for an unmapped unit, illegal_function for a bit table,
  /// illegal_data_address when any register lies outside every block of the unit (an empty `out` included).
  std::uint8_t read(std::uint8_t unit_id, modbus::table table, std::uint16_t address,
                    std::span<std::uint16_t> out) const noexcept;

  /// Keeps an acknowledged write of a holding command so that reads show it (`words` must be the command's width;
  /// anything else is ignored, as is a unit or address without a holding command).
  void hold_command(std::uint8_t unit_id, std::uint16_t address, std::span<const std::uint16_t> words) noexcept;

  /// The quality a value shows now (what its quality register holds, as of the last apply or tick).
  quality quality_of(std::size_t unit_index, std::size_t value_index) const noexcept;

  /// The latest values behind the image.
  const latest_values& latest() const noexcept { return latest_; }
  /// The layout it renders.
  const export_layout& layout() const noexcept { return *layout_; }
  /// The same, shared (the server classifies against it).
  const std::shared_ptr<const export_layout>& shared_layout() const noexcept { return layout_; }

private:
  /// A unit's stored registers: holding, then input.
  using unit_words = std::array<std::vector<std::uint16_t>, 2>;

  void render_value(std::size_t unit_index, std::size_t value_index, std::int64_t now_ms);
  void render_status(std::size_t unit_index, std::size_t value_index, std::int64_t now_ms);
  std::vector<std::uint16_t>& words_of(std::size_t unit_index, modbus::table t) noexcept;

  std::shared_ptr<const export_layout> layout_;
  latest_values latest_;
  std::vector<unit_words> words_;
  std::vector<std::vector<bool>> clamped_; ///< per unit and value: the last encoding saturated
  std::vector<std::vector<quality>> qualities_;
  std::int64_t start_ms_;
};

/// The image shared between the bridge's actor (apply, tick) and the server thread (read, hold_command): every
/// call takes one mutex, held only for the copy, so a read sees one batch entirely or not at all.
class shared_image {
public:
  explicit shared_image(register_image image) : image_(std::move(image)) {}

  /// register_image::apply under the lock.
  std::size_t apply(const reading_batch& batch, std::int64_t now_ms);
  /// register_image::tick under the lock.
  void tick(std::int64_t now_ms);
  /// register_image::read under the lock.
  std::uint8_t read(std::uint8_t unit_id, modbus::table table, std::uint16_t address,
                    std::span<std::uint16_t> out) const noexcept;
  /// register_image::hold_command under the lock.
  void hold_command(std::uint8_t unit_id, std::uint16_t address, std::span<const std::uint16_t> words) noexcept;

  /// Runs `f(const register_image&)` under the lock (tests, diagnostics).
  template <class F>
  auto inspect(F&& f) const {
    std::lock_guard<std::mutex> guard{mutex_};
    return f(image_);
  }

  /// The layout, immutable: no lock needed.
  const std::shared_ptr<const export_layout>& layout() const noexcept { return image_.shared_layout(); }

private:
  mutable std::mutex mutex_;
  register_image image_;
};

/// The image of `map` behind its lock, as the server and the bridge's actor share it: the map compiled (the error
/// of export_layout::make, keys under `key_prefix`, when it is not valid) and every value never received.
caf::expected<std::shared_ptr<shared_image>> make_shared_image(const export_map& map, std::int64_t start_ms,
                                                               std::string_view key_prefix = {});

} // namespace meterhub::modbus_export
