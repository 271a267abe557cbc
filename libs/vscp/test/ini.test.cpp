#include "meterhub/vscp/ini.hpp"

#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"

using namespace meterhub;
using namespace meterhub::vscp;

namespace {

// Every expectation below was checked against Python 3.11's configparser.ConfigParser() (files read with
// universal newlines).

ini_document parsed(std::string_view text) {
  auto doc = parse_ini(text);
  INFO((doc ? std::string{} : describe(doc.error())));
  REQUIRE(doc);
  return std::move(*doc);
}

std::string value_of(std::string_view text, std::string_view section, std::string_view key) {
  const auto doc = parsed(text);
  const auto* s = doc.section(section);
  REQUIRE(s != nullptr);
  const auto* o = doc.lookup(*s, key);
  REQUIRE(o != nullptr);
  auto v = interpolate(doc, *s, *o);
  INFO((v ? std::string{} : describe(v.error())));
  REQUIRE(v);
  return *v;
}

std::string parse_error(std::string_view text) {
  auto doc = parse_ini(text);
  REQUIRE_FALSE(doc);
  return describe(doc.error());
}

std::string interpolation_error(std::string_view text, std::string_view key) {
  const auto doc = parsed(text);
  const auto* s = doc.section("A");
  REQUIRE(s != nullptr);
  auto v = interpolate(doc, *s, *s->find(key));
  REQUIRE_FALSE(v);
  return describe(v.error());
}

} // namespace

TEST_CASE("ini keys are lower-cased, values stripped, either delimiter") {
  const auto doc = parsed("[A]\nKey = Value  \nb: 2\n");
  REQUIRE(doc.sections.size() == 1);
  CHECK(doc.sections[0].options == std::vector<ini_option>{{"key", "Value", 2}, {"b", "2", 3}});
  CHECK(doc.sections[0].line == 1);
}

TEST_CASE("ini, the first = or : ends the key") {
  CHECK(value_of("[A]\nk = a=b:c\n", "A", "k") == "a=b:c");
  CHECK(value_of("[A]\nj: a=b\n", "A", "j") == "a=b");
  CHECK(value_of("[A]\nguid=00:11\n", "A", "guid") == "00:11");
  CHECK(value_of("[A]\none_shot = false:\n", "A", "one_shot") == "false:");
  CHECK(value_of("[A]\nk =\n", "A", "k") == "");
}

TEST_CASE("ini comments are full lines only") {
  const auto doc = parsed("[A]\n# c\n; c\n  # indented\nk = 1 # x\n");
  CHECK(doc.sections[0].options == std::vector<ini_option>{{"k", "1 # x", 5}});
}

TEST_CASE("ini continuation lines, blank lines inside and trailing ones dropped") {
  CHECK(value_of("[A]\nk = first\n  second\n\n  third\nj = 2\n", "A", "k") == "first\nsecond\n\nthird");
  CHECK(value_of("[A]\nk = a\n\n\n", "A", "k") == "a");
  CHECK(value_of("[A]\nk = 1\n  # comment\n  more\n", "A", "k") == "1\nmore");
  CHECK(value_of("[A]\nk = 1\n  [B]\n", "A", "k") == "1\n[B]");
  CHECK(value_of("[A]\n\tk = a\n\t\tb\n", "A", "k") == "a\nb");
  CHECK(value_of("[A]\nk = 1\n\xC2\xA0 more\n", "A", "k") == "1\nmore"); // U+00A0 is Python whitespace
  const auto same_indent = parsed("[A]\n  k = 1\n  j = 2\n");
  CHECK(same_indent.sections[0].options.size() == 2);
}

TEST_CASE("ini section headers") {
  CHECK(parsed("[A] junk\nk=1\n").sections[0].name == "A");
  CHECK(parsed("[A] x]\n").sections[0].name == "A] x");
  const auto doc = parsed("[general]\n[GENERAL]\n");
  CHECK(doc.sections.size() == 2); // names are case-sensitive
  CHECK(doc.section("GENERAL") == &doc.sections[1]);
  CHECK(doc.section("Vscp") == nullptr);
}

TEST_CASE("ini DEFAULT is seen by every section") {
  const auto doc = parsed("[DEFAULT]\nz = 1\n[A]\nk = 2\n[DEFAULT]\ny = 3\n");
  const auto* a = doc.section("A");
  REQUIRE(a != nullptr);
  CHECK(doc.lookup(*a, "z")->value == "1");
  CHECK(doc.lookup(*a, "y")->value == "3");
  CHECK(a->find("z") == nullptr);
  CHECK(doc.lookup(*a, "nope") == nullptr);
  CHECK(doc.sections.size() == 1);
}

TEST_CASE("ini line ends, byte order mark") {
  const auto doc = parsed("\xEF\xBB\xBF[A]\r\nk = 1\r\nj = 2\rm = 3");
  CHECK(doc.sections[0].options == std::vector<ini_option>{{"k", "1", 2}, {"j", "2", 3}, {"m", "3", 4}});
}

TEST_CASE("ini syntax errors name the line") {
  CHECK(parse_error("k = 1\n") == "vscp: syntax: line 1: 'k = 1' comes before any [section] header");
  CHECK(parse_error("[]\n") == "vscp: syntax: line 1: '[]' comes before any [section] header");
  CHECK(parse_error("[A]\njunk\n") ==
        "vscp: syntax: line 2: 'junk' is neither a [section] header, a key = value nor a comment");
  CHECK(parse_error("[A]\n= 1\n") == "vscp: syntax: line 2: '= 1' has no key before '='");
  CHECK(parse_error("[A]\nk=1\n\nK=2\n") == "vscp: syntax: A.k: given twice (lines 2 and 4)");
  CHECK(parse_error("[A]\n[B]\n[A]\n") == "vscp: syntax: line 3: section [A] given twice (first on line 1)");
  CHECK(parse_error("[A]\nk = \xFF\n") == "vscp: syntax: line 2: not valid UTF-8");
}

TEST_CASE("ini interpolation as BasicInterpolation") {
  const std::string text = "[DEFAULT]\nbase = /x\n[A]\np = 100%%\nq = %(base)s/y\nr = %(Q)s/z\n";
  CHECK(value_of(text, "A", "p") == "100%");
  CHECK(value_of(text, "A", "q") == "/x/y");
  CHECK(value_of(text, "A", "r") == "/x/y/z");
  CHECK(interpolation_error("[A]\ns = 5%\n", "s") ==
        "vscp: bad_interpolation: A.s: '%' must be followed by '%' or '(' (write %% for a percent sign), found '%'");
  CHECK(interpolation_error("[A]\nt = %(nope)s\n", "t") ==
        "vscp: bad_interpolation: A.t: %(nope)s names no key of [A] or [DEFAULT]");
  CHECK(interpolation_error("[A]\nu = %(u)s\n", "u") ==
        "vscp: bad_interpolation: A.u: %(name)s references nest deeper than 10 levels (a loop?)");
  CHECK(interpolation_error("[A]\nv = %(base)\nbase=1\n", "v") ==
        "vscp: bad_interpolation: A.v: bad interpolation variable reference '%(base)'");
  CHECK(interpolation_error("[A]\nw = %()s\n", "w") ==
        "vscp: bad_interpolation: A.w: bad interpolation variable reference '%()s'");
}
