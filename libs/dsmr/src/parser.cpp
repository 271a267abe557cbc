#include <charconv>

#include "meterhub/dsmr/crc16.hpp"
#include "meterhub/dsmr/error.hpp"
#include "meterhub/dsmr/telegram.hpp"

namespace meterhub::dsmr {

const char* to_string(dialect d) noexcept {
  switch (d) {
    case dialect::dsmr2:
      return "dsmr2";
    case dialect::dsmr4:
      return "dsmr4";
    case dialect::dsmr5:
      return "dsmr5";
    case dialect::emucs:
      return "emucs";
    case dialect::smarty:
      return "smarty";
    case dialect::han:
      return "han";
    case dialect::eon_hu:
      return "eon_hu";
  }
  return "unknown";
}

const cosem_object* telegram::find(const obis_code& code) const noexcept {
  for (const auto& o : objects)
    if (o.code == code)
      return &o;
  return nullptr;
}

namespace {

/// Position of `c` in `s` or npos: a plain loop, cheaper than memchr's setup for the short spans of a telegram.
std::size_t find_char(std::string_view s, char c) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == c)
      return i;
  return std::string_view::npos;
}

/// Splits off the next line (without CR LF).
std::string_view next_line(std::string_view& rest) noexcept {
  auto nl = find_char(rest, '\n');
  auto line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  return line;
}

/// Appends every "(...)" group of `text` and returns how many, or -1 when a group is not closed (the store is then
/// rolled back).
int read_groups(std::string_view text, std::vector<std::string_view>& store) {
  const auto before = store.size();
  while (!text.empty()) {
    if (text.front() != '(') {
      if (text.find_first_not_of(" \t") == std::string_view::npos)
        break;
      store.resize(before);
      return -1;
    }
    auto close = find_char(text, ')');
    if (close == std::string_view::npos) {
      store.resize(before);
      return -1;
    }
    store.push_back(text.substr(1, close - 1));
    text.remove_prefix(close + 1);
  }
  return static_cast<int>(store.size() - before);
}

/// OBIS before the first "(": decimal A-B:C.D.E with an optional *F.
std::optional<obis_code> read_obis(std::string_view text) noexcept {
  return obis_code::parse(text);
}

void parse_crc(std::string_view end_line, telegram& t, std::uint16_t computed) {
  auto digits = end_line.substr(1); // after "!"
  while (!digits.empty() && (digits.back() == '\0' || digits.back() == ' '))
    digits.remove_suffix(1);
  t.crc_expected = computed;
  if (digits.empty()) {
    t.crc = crc_status::absent;
    return;
  }
  unsigned value = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (ec != std::errc{} || p != digits.data() + digits.size() || digits.size() > 4) {
    t.crc = crc_status::invalid; // e.g. "!G000": a CRC error, not a crash
    return;
  }
  t.crc_received = static_cast<std::uint16_t>(value);
  t.crc = t.crc_received == computed ? crc_status::valid : crc_status::invalid;
}

dialect detect(const telegram& t) noexcept {
  if (t.maker == "Lux")
    return dialect::smarty;
  if (t.find(obis_code::of(0, 0, 96, 1, 4)))
    return dialect::emucs;
  if (t.maker.substr(0, 3) == "SAG" && t.find(obis_code::of(0, 0, 42, 0, 0)) && t.version == 0)
    return dialect::eon_hu;
  if (t.version >= 50)
    return dialect::dsmr5;
  if (t.version >= 40)
    return dialect::dsmr4;
  // DSMR 2.2/3.0 telegrams carry neither a CRC nor a 0-0:1.0.0 timestamp; a HAN telegram that lost its CRC
  // still has the timestamp and must not pass as DSMR 2.2.
  const bool timestamp = t.find(obis_code::of(0, 0, 1, 0, 0)) != nullptr;
  return t.crc == crc_status::absent && !timestamp ? dialect::dsmr2 : dialect::han;
}

void read_version(telegram& t) noexcept {
  if (auto* v = t.find(obis_code::of(1, 3, 0, 2, 8)); v && v->group_count > 0) {
    int version = 0;
    auto g = t.groups(*v).front();
    std::from_chars(g.data(), g.data() + g.size(), version);
    t.version = version;
  }
}

void read_objects(std::string_view body, telegram& t) {
  t.objects.reserve(48);
  t.group_store.reserve(96);
  while (!body.empty()) {
    auto line = next_line(body);
    if (line.empty())
      continue;
    if (line.front() == '(') { // continuation of a DSMR 2.2/3.0 two-line object (0-n:24.3.0)
      const bool after_profile = !t.objects.empty() && t.objects.back().code.c() == 24 &&
                                 t.objects.back().code.d() == 3;
      const int n = after_profile ? read_groups(line, t.group_store) : -1;
      if (n < 0)
        ++t.warnings;
      else
        t.objects.back().group_count += static_cast<std::uint32_t>(n);
      continue;
    }
    auto open = find_char(line, '(');
    auto code = open == std::string_view::npos ? std::nullopt : read_obis(line.substr(0, open));
    if (!code) {
      ++t.warnings; // spec examples carry typos such as "1-0:99:97.0"
      continue;
    }
    cosem_object obj{*code, line.substr(0, open), static_cast<std::uint32_t>(t.group_store.size()), 0};
    const int n = read_groups(line.substr(open), t.group_store);
    if (n < 0) {
      ++t.warnings;
      continue;
    }
    obj.group_count = static_cast<std::uint32_t>(n);
    t.objects.push_back(obj);
  }
}

} // namespace

caf::expected<telegram> parse_telegram(std::string_view frame) {
  if (frame.empty() || frame.front() != '/')
    return make_error(dsmr_errc::no_header, "a telegram starts with '/'");
  telegram t;
  auto rest = frame;
  auto header = next_line(rest);
  t.maker = header.substr(1, 3);
  t.ident = header.size() > 5 ? header.substr(5) : std::string_view{};
  // The end line is the last line that starts with "!"; a "!" inside a value ("Hello, world!") is not one.
  auto bang = frame.rfind("\n!");
  std::string_view body = rest;
  if (bang != std::string_view::npos) {
    const auto end_pos = bang + 1;
    body = frame.substr(header.size(), end_pos - header.size());
    auto end_line = frame.substr(end_pos);
    end_line = end_line.substr(0, end_line.find_first_of("\r\n"));
    parse_crc(end_line, t, crc16_arc(frame.substr(0, end_pos + 1)));
  } else {
    t.crc_expected = crc16_arc(frame);
  }
  read_objects(body, t);
  read_version(t);
  t.kind = detect(t);
  return t;
}

} // namespace meterhub::dsmr
