#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include <caf/expected.hpp>

namespace meterhub::bus {

/// Hands out the per-source batch sequence numbers of the bus contract, strictly increasing across restarts.
///
/// Why a block scheme: writing the counter to disk for every batch would cost a write per telegram. Instead the file
/// records the end of the current block; after a restart numbering continues at that end, skipping at most one
/// block, which keeps the numbers increasing without per-batch I/O.
class sequence_allocator {
public:
  static caf::expected<std::unique_ptr<sequence_allocator>> open(const std::filesystem::path& file,
                                                                std::uint64_t block = 1024);
  ~sequence_allocator();

  /// The next number; fails only when the block reservation cannot be written.
  caf::expected<std::uint64_t> next();

private:
  sequence_allocator(int fd, std::uint64_t next, std::uint64_t block);
  caf::error reserve();

  int fd_;
  std::uint64_t next_;
  std::uint64_t reserved_end_;
  std::uint64_t block_;
};

} // namespace meterhub::bus
