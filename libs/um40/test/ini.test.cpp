#include <catch2/catch.hpp>

#include <string>

#include "meterhub/core/error.hpp"
#include "meterhub/um40/error.hpp"
#include "meterhub/um40/ini.hpp"

using namespace meterhub::um40;

namespace {

/// A settings.ini laid out as the maker's test suite keeps it (keys other than the four we read are ignored).
constexpr std::string_view maker_example = "[concentrator]\n"
                                           "IP_address = 192.168.0.200\n"
                                           "IP_port = 22\n"
                                           "user_login = root\n"
                                           "user_password = Um40-Secret\n"
                                           "db_path = /mnt/data/meter.db\n"
                                           "\n"
                                           "[meter]\n"
                                           "meter_id = 1001\n"
                                           "meter_type = SE303\n";

std::string error_text(std::string_view ini) {
  auto parsed = parse_ini(ini);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error() == um40_errc::bad_ini);
  return meterhub::describe(parsed.error());
}

} // namespace

TEST_CASE("settings.ini: the maker's layout gives the concentrator's SSH connection") {
  auto ini = parse_ini(maker_example);
  REQUIRE(ini);
  CHECK(ini->sections() == std::vector<std::string>{"concentrator", "meter"});
  CHECK(ini->get("concentrator", "db_path") == std::optional<std::string>{"/mnt/data/meter.db"});
  CHECK(ini->get("meter", "meter_id") == std::optional<std::string>{"1001"});
  auto c = connection_from_ini(*ini, "concentrator");
  REQUIRE(c);
  CHECK(c->host == "192.168.0.200");
  CHECK(c->port == 22);
  CHECK(c->user == "root");
  CHECK(c->password == "Um40-Secret");
}

TEST_CASE("settings.ini: '=' or ':' splits at the first one, whitespace stripped, keys as written") {
  auto ini = parse_ini("[s]\n  Key One  =  a = b : c  \n\tTab\t:\tv\t\nother:x=y\nempty =\n");
  REQUIRE(ini);
  const auto& entries = ini->named.at(0).entries;
  REQUIRE(entries.size() == 4);
  CHECK(entries[0].key == "Key One");
  CHECK(entries[0].value == "a = b : c");
  CHECK(entries[1].key == "Tab");
  CHECK(entries[1].value == "v");
  CHECK(entries[2].key == "other");
  CHECK(entries[2].value == "x=y");
  CHECK(entries[3].value.empty());
  CHECK(entries[3].line == 5);
}

TEST_CASE("settings.ini: keys are found in any case, section names only as written") {
  auto ini = parse_ini("[Concentrator]\nIP_Address = 10.0.0.1\n");
  REQUIRE(ini);
  CHECK(ini->get("Concentrator", "ip_address") == std::optional<std::string>{"10.0.0.1"});
  CHECK(ini->get("Concentrator", "IP_ADDRESS") == std::optional<std::string>{"10.0.0.1"});
  CHECK_FALSE(ini->get("concentrator", "IP_Address"));
  CHECK_FALSE(ini->get("Concentrator", "IP_port"));
  CHECK(parse_ini("[a]\nx=1\n[A]\nx=2\n"));
}

TEST_CASE("settings.ini: comments, blank lines, a BOM and CRLF or CR line ends") {
  auto ini = parse_ini("\xEF\xBB\xBF# the maker's settings\r\n; also a comment\r\n\r\n[c]\r\n   # indented comment\r\n"
                       "\t; and another\r\nhost = h # not a comment\r\npass = a;b\rlast = 1");
  REQUIRE(ini);
  CHECK(ini->sections() == std::vector<std::string>{"c"});
  CHECK(ini->get("c", "host") == std::optional<std::string>{"h # not a comment"});
  CHECK(ini->get("c", "pass") == std::optional<std::string>{"a;b"});
  CHECK(ini->get("c", "last") == std::optional<std::string>{"1"});
  CHECK(ini->named[0].entries[2].line == 9);
  CHECK(parse_ini("")->sections().empty());
  CHECK(parse_ini("\xEF\xBB\xBF")->sections().empty());
}

TEST_CASE("settings.ini: deeper-indented lines continue the value, as configparser joins them") {
  auto ini = parse_ini("[s]\n"
                       "  list = one\n"
                       "     two\n"
                       "\n"
                       "     # a comment inside is dropped\n"
                       "      [three]\n"
                       "  next = x\n"
                       "empty =\n"
                       "   first\n"
                       "tail = t\n"
                       "  more\n"
                       "\n"
                       "\n");
  REQUIRE(ini);
  CHECK(ini->get("s", "list") == std::optional<std::string>{"one\ntwo\n\n[three]"});
  CHECK(ini->get("s", "next") == std::optional<std::string>{"x"});
  CHECK(ini->get("s", "empty") == std::optional<std::string>{"\nfirst"});
  CHECK(ini->get("s", "tail") == std::optional<std::string>{"t\nmore"});
  CHECK(ini->sections() == std::vector<std::string>{"s"});
}

TEST_CASE("settings.ini: an indented line after a header is a key, not a continuation") {
  auto ini = parse_ini("[s]\n    a = 1\n[t]\n  b = 2\n  c = 3\n");
  REQUIRE(ini);
  CHECK(ini->get("s", "a") == std::optional<std::string>{"1"});
  CHECK(ini->get("t", "b") == std::optional<std::string>{"2"});
  CHECK(ini->get("t", "c") == std::optional<std::string>{"3"});
  CHECK(error_text("  x = 1\n") == "um40: bad_ini: line 1: a key before any [section]");
}

TEST_CASE("settings.ini: [DEFAULT] keys are seen from every section, a section's own key wins") {
  auto ini = parse_ini("[DEFAULT]\nIP_port = 2222\nuser_login = tester\n[a]\nIP_address = 10.0.0.1\n"
                       "[b]\nIP_address = 10.0.0.2\nIP_port = 22\n[DEFAULT]\nuser_password = pw\n");
  REQUIRE(ini);
  CHECK(ini->sections() == std::vector<std::string>{"a", "b"});
  CHECK(ini->get("DEFAULT", "ip_port") == std::optional<std::string>{"2222"});
  CHECK_FALSE(ini->get("DEFAULT", "IP_address"));
  CHECK_FALSE(ini->get("missing", "IP_port"));
  auto a = connection_from_ini(*ini, "a");
  REQUIRE(a);
  CHECK(a->port == 2222);
  CHECK(a->user == "tester");
  CHECK(a->password == "pw");
  auto b = connection_from_ini(*ini, "b");
  REQUIRE(b);
  CHECK(b->port == 22);
  CHECK(b->host == "10.0.0.2");
}

TEST_CASE("settings.ini: a section or a key given twice is refused, as configparser's strict mode does") {
  CHECK(error_text("[a]\nx=1\n\n[a]\n") == "um40: bad_ini: line 4: section [a] given twice");
  CHECK(error_text("[a]\nKey=1\nkey=2\n") == "um40: bad_ini: line 3: key key given twice in [a]");
  CHECK(error_text("[DEFAULT]\nk=1\n[DEFAULT]\nK:2\n") == "um40: bad_ini: line 4: key K given twice in [DEFAULT]");
  CHECK(parse_ini("[a]\nk=1\n[b]\nk=2\n[DEFAULT]\nk=3\n"));
}

TEST_CASE("settings.ini: lines that are not settings give their line number") {
  CHECK(error_text("[a]\nx = 1\njust text\n") ==
        "um40: bad_ini: line 3: neither a [section], a key = value nor a comment");
  CHECK(error_text("\r\n\r\n[a]\r\n= 1\r\n") == "um40: bad_ini: line 4: a value without a key");
  CHECK(error_text("# c\nx = 1\n") == "um40: bad_ini: line 2: a key before any [section]");
  CHECK(error_text("[a]\n[]\n") == "um40: bad_ini: line 2: neither a [section], a key = value nor a comment");
  CHECK(error_text("[a]\r[b\r") == "um40: bad_ini: line 2: neither a [section], a key = value nor a comment");
}

TEST_CASE("settings.ini: a header's name runs to its last bracket, as configparser's pattern reads it") {
  auto ini = parse_ini("[a]b] trailing\nk=1\n[ spaced ]\nk=2\n");
  REQUIRE(ini);
  CHECK(ini->sections() == std::vector<std::string>{"a]b", " spaced "});
}

TEST_CASE("settings.ini: the connection needs the section, its address and its login") {
  auto ini = parse_ini("[c]\nIP_address = h\nuser_login = u\n[no_host]\nuser_login = u\n[no_user]\nIP_address = h\n"
                       "[empty_host]\nIP_address =\nuser_login = u\n");
  REQUIRE(ini);
  auto c = connection_from_ini(*ini, "c");
  REQUIRE(c);
  CHECK(c->port == 22);
  CHECK(c->password.empty());
  auto missing = [&](std::string_view section) {
    auto r = connection_from_ini(*ini, section);
    REQUIRE_FALSE(r);
    CHECK(r.error() == um40_errc::missing_setting);
    return meterhub::describe(r.error());
  };
  CHECK(missing("concentrator") == "um40: missing_setting: settings.ini has no section [concentrator]");
  CHECK(missing("no_host") == "um40: missing_setting: [no_host] has no IP_address");
  CHECK(missing("no_user") == "um40: missing_setting: [no_user] has no user_login");
  CHECK(missing("empty_host") == "um40: missing_setting: IP_address of [empty_host] is empty");
}

TEST_CASE("settings.ini: IP_port must be a number 1 to 65535") {
  for (const char* port : {"1", "65535", "0022"}) {
    auto ini = parse_ini(std::string{"[c]\nIP_address=h\nuser_login=u\nIP_port="} + port + "\n");
    REQUIRE(ini);
    CHECK(connection_from_ini(*ini, "c"));
  }
  for (const char* port : {"0", "65536", "-1", "22x", "x", "", "2 2", "99999999999", "+22"}) {
    INFO("IP_port=" << port);
    auto ini = parse_ini(std::string{"[c]\nIP_address=h\nuser_login=u\n\nIP_port="} + port + "\n");
    REQUIRE(ini);
    auto r = connection_from_ini(*ini, "c");
    REQUIRE_FALSE(r);
    CHECK(r.error() == um40_errc::bad_ini);
    CHECK(meterhub::describe(r.error()) == "um40: bad_ini: line 5: IP_port of [c] is not a port number 1..65535");
  }
}

TEST_CASE("settings.ini: the password never appears in an error") {
  const std::string secret = "Pa55-w0rd";
  const std::string broken[] = {
      "user_password = " + secret + "\n[c]\n",
      "[c]\nuser_password " + secret + "\n",
      "[c]\nuser_password = " + secret + "\nuser_password = " + secret + "\n",
      "[c]\nuser_password = x\n" + secret + "\n",
      "[c]\n=" + secret + "\n",
  };
  for (const auto& text : broken) {
    auto ini = parse_ini(text);
    REQUIRE_FALSE(ini);
    CHECK(meterhub::describe(ini.error()).find(secret) == std::string::npos);
  }
  const std::string incomplete[] = {"IP_port = " + secret + "\nIP_address = h\nuser_login = u\n",
                                    "IP_port = 22\nuser_login = u\n", "IP_address = h\n"};
  for (const auto& settings : incomplete) {
    auto ini = parse_ini("[c]\nuser_password = " + secret + "\n" + settings);
    REQUIRE(ini);
    auto c = connection_from_ini(*ini, "c");
    REQUIRE_FALSE(c);
    CHECK(meterhub::describe(c.error()).find(secret) == std::string::npos);
  }
}
