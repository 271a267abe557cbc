// Loading profile files: the top level of the YAML, the file's problems as one error, a folder of profiles.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "loader.hpp"
#include "meterhub/modbus/error.hpp"

namespace meterhub::profiles {

using namespace std::chrono_literals;

namespace {

using detail::load_state;

/// Profiles take no environment overrides: a device model is the same in every container.
config::env_lookup no_environment() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

void read_protocol_sections(const config::reader& root, load_state& st) {
  auto& p = st.p;
  if (p.protocol == protocol::modbus) {
    detail::read_limits(root.section("limits"), p);
    st.defaults = detail::read_defaults(root.section("defaults"));
    if (root.has("mercury"))
      root.fail("mercury", "only for protocol mercury23x");
    return;
  }
  detail::read_mercury(root.section("mercury"), p.mercury);
  for (auto key : {"limits", "defaults", "registers", "identify"})
    if (root.has(key))
      root.fail(key, "only for protocol modbus");
}

void read_profile(const config::reader& root, load_state& st) {
  root.allow_only({"model", "vendor", "source", "protocol", "response_timeout", "limits", "defaults", "groups",
                   "registers", "identify", "mercury"});
  auto& p = st.p;
  p.model = root.require_string("model");
  p.vendor = root.require_string("vendor");
  p.source = root.require_string("source");
  if (!root.has("protocol"))
    root.fail("protocol", "required key missing (modbus or mercury23x)");
  auto proto = root.choice("protocol", "modbus", {"modbus", "mercury23x"});
  p.protocol = proto == "mercury23x" ? protocol::mercury23x : protocol::modbus;
  p.response_timeout = detail::read_duration(root, "response_timeout", 500ms);
  if (p.response_timeout <= 0ms)
    root.fail("response_timeout", "must be longer than 0");
  read_protocol_sections(root, st);
  detail::read_groups(root, st);
  if (p.protocol == protocol::modbus) {
    detail::read_unpolled(root, st);
    detail::read_identify(root, st);
    detail::check_registers(st);
  } else {
    detail::check_mercury_items(root, p);
  }
}

/// "line 3, column 5: ..." of a YAML syntax error, without the category and code in front.
std::string syntax_detail(const caf::error& err) {
  auto text = describe(err);
  auto pos = text.find("syntax: ");
  return pos == std::string::npos ? text : text.substr(pos + 8);
}

caf::error problems_error(const std::filesystem::path& file, const std::vector<std::string>& problems) {
  std::string text;
  for (const auto& problem : problems)
    text += (text.empty() ? "" : "\n") + file.string() + ": " + problem;
  return make_error(modbus::modbus_errc::bad_profile, text);
}

} // namespace

caf::expected<profile> load_profile_text(std::string_view text, const std::filesystem::path& file) {
  auto doc = config::document::load_string(text, "METERHUB_PROFILE", no_environment(), file.parent_path());
  if (!doc)
    return make_error(modbus::modbus_errc::bad_profile, file.string() + ": " + syntax_detail(doc.error()));
  profile p;
  p.id = file.stem().string();
  p.file = file;
  const auto root = doc->root();
  load_state st{p, root, {}, {}};
  read_profile(root, st);
  auto problems = doc->problems();
  if (!is_valid_device_id(p.id))
    problems.insert(problems.begin(), "the file name must be a profile id of a-z, 0-9, _, . and - (got "
                                        + detail::in_quotes(p.id) + ")");
  if (!problems.empty())
    return problems_error(file, problems);
  return p;
}

caf::expected<profile> load_profile(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in)
    return make_error(modbus::modbus_errc::bad_profile, file.string() + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_profile_text(text.str(), file);
}

caf::expected<std::vector<profile>> load_profiles(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it{dir, ec}, end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".yaml")
      files.push_back(it->path());
  if (ec)
    return make_error(modbus::modbus_errc::bad_profile, dir.string() + ": cannot read the folder: " + ec.message());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.stem() < b.stem(); });
  std::vector<profile> out;
  for (const auto& file : files) {
    auto p = load_profile(file);
    if (!p)
      return p.error();
    out.push_back(std::move(*p));
  }
  return out;
}

} // namespace meterhub::profiles
