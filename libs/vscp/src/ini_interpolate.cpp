#include "meterhub/vscp/error.hpp"
#include "meterhub/vscp/ini.hpp"
#include "python_space.hpp"

namespace meterhub::vscp {

namespace {

/// configparser's MAX_INTERPOLATION_DEPTH.
constexpr int max_depth = 10;

struct interpolator {
  const ini_document& doc;
  const ini_section& section;
  std::string key; ///< "section.key" of the value being read, for errors

  caf::error fail(const std::string& why) const {
    return make_error(vscp_errc::bad_interpolation, key + ": " + why);
  }

  /// BasicInterpolation._interpolate_some: appends `rest` to `out` with its references resolved.
  caf::error expand(std::string_view rest, std::string& out, int depth) const {
    if (depth > max_depth)
      return fail("%(name)s references nest deeper than 10 levels (a loop?)");
    while (!rest.empty()) {
      const auto p = rest.find('%');
      if (p == std::string_view::npos) {
        out += rest;
        return caf::none;
      }
      out += rest.substr(0, p);
      rest.remove_prefix(p);
      if (rest.size() >= 2 && rest[1] == '%') {
        out += '%';
        rest.remove_prefix(2);
        continue;
      }
      if (rest.size() < 2 || rest[1] != '(')
        return fail("'%' must be followed by '%' or '(' (write %% for a percent sign), found '" +
                    std::string{rest} + "'");
      // _KEYCRE = %\(([^)]+)\)s
      const auto close = rest.find(')');
      if (close == std::string_view::npos || close < 3 || close + 1 >= rest.size() || rest[close + 1] != 's')
        return fail("bad interpolation variable reference '" + std::string{rest} + "'");
      const auto name = detail::lower(rest.substr(2, close - 2));
      rest.remove_prefix(close + 2);
      const auto* ref = doc.lookup(section, name);
      if (ref == nullptr)
        return fail("%(" + name + ")s names no key of [" + section.name + "] or [DEFAULT]");
      if (ref->value.find('%') == std::string::npos) {
        out += ref->value;
      } else if (auto err = expand(ref->value, out, depth + 1)) {
        return err;
      }
    }
    return caf::none;
  }
};

} // namespace

caf::expected<std::string> interpolate(const ini_document& doc, const ini_section& s, const ini_option& opt) {
  if (opt.value.find('%') == std::string::npos)
    return opt.value;
  interpolator in{doc, s, s.name + "." + opt.key};
  std::string out;
  if (auto err = in.expand(opt.value, out, 1))
    return err;
  return out;
}

} // namespace meterhub::vscp
