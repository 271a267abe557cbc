#pragma once

#include <string>

#include "settings.hpp"

/// The one-shot subcommands of meterhub-p1, which need no broker.
namespace meterhub::p1 {

/// Decodes a captured byte stream (a file or "-" for stdin) and prints one JSON object per reading. Returns
/// non-zero when any telegram was rejected, after printing what is wrong with it (expected and received CRC).
int decode_file(const std::string& path, const meter_settings& meter, const std::string& device);

/// Reads telegrams from a real port until one is valid (or `timeout` passes), prints its readings as JSON.
int read_once(const meter_settings& meter, const std::string& device, std::chrono::milliseconds timeout);

} // namespace meterhub::p1
