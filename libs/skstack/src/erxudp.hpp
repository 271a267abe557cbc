#pragma once

#include <caf/expected.hpp>

#include "meterhub/skstack/line_splitter.hpp"
#include "meterhub/skstack/message.hpp"

namespace meterhub::skstack::detail {

/// An ERXUDP line of either model and either data format (spec §3, §9.3).
caf::expected<udp_datagram> parse_erxudp(module_model model, const raw_line& line);

} // namespace meterhub::skstack::detail
