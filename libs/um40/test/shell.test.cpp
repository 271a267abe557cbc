#include <catch2/catch.hpp>

#include "meterhub/um40/error.hpp"
#include "meterhub/um40/shell.hpp"

using namespace meterhub::um40;

TEST_CASE("literals: quotes doubled, NUL and NaN refused, reals read back exactly") {
  CHECK(*to_sql_literal(value{}) == "NULL");
  CHECK(*to_sql_literal(value{std::int64_t{-42}}) == "-42");
  CHECK(*to_sql_literal(value{12.5}) == "12.5");
  CHECK(*to_sql_literal(value{3.0}) == "3.0");
  CHECK(*to_sql_literal(value{0.1}) == "0.1");
  CHECK(*to_sql_literal(value{std::string{"O'Neil; DROP TABLE x"}}) == "'O''Neil; DROP TABLE x'");
  CHECK(*to_sql_literal(value{std::string{"ТЕСТ"}}) == "'ТЕСТ'");
  CHECK(to_sql_literal(value{std::string{"a\0b", 3}}).error() == um40_errc::bad_text);
  CHECK(to_sql_literal(value{std::nan("")}).error() == um40_errc::bad_value);
}

TEST_CASE("render puts literals where the numbered parameters are, never inside quoted text") {
  statement s{"SELECT ?2, '?1', ?1, ?10", {std::int64_t{1}, std::string{"x'y"}, value{}, value{}, value{}, value{},
                                           value{}, value{}, value{}, 2.5}};
  auto sql = render(s);
  REQUIRE(sql);
  CHECK(*sql == "SELECT 'x''y', '?1', 1, 2.5");
  CHECK(render({"SELECT ?3", {value{}}}).error() == um40_errc::bad_value);
  CHECK(render({"SELECT ?18446744073709551617", {std::string{"x"}}}).error() == um40_errc::bad_value); // no wrap to ?1
}

TEST_CASE("a write script is one transaction ending with the commit marker") {
  auto script = write_script({{"INSERT INTO t VALUES (?1)", {std::int64_t{7}}}});
  REQUIRE(script);
  CHECK(script->find(".timeout 5000\n") != std::string::npos);
  CHECK(script->find("PRAGMA foreign_keys=ON;\nBEGIN IMMEDIATE;\nINSERT INTO t VALUES (7);\nCOMMIT;\nSELECT "
                     "'meterhub-committed';\n") != std::string::npos);
  CHECK(committed("meterhub-committed\x1e"));
  CHECK_FALSE(committed("meterhub-committe"));
  CHECK_FALSE(committed(""));
}

TEST_CASE("shell output: fields, NULL marker, empty text, and what does not fit") {
  const std::string out = std::string{"1\x1f"} + "\x1dNULL\x1d" + "\x1f" + "a b\x1e" + "2\x1f\x1f" + "x\x1e";
  auto rows = parse_rows(out, 3);
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0][0] == std::optional<std::string>{"1"});
  CHECK_FALSE((*rows)[0][1].has_value());
  CHECK((*rows)[0][2] == std::optional<std::string>{"a b"});
  CHECK((*rows)[1][1] == std::optional<std::string>{""});
  CHECK(parse_rows("", 3)->empty());
  CHECK(parse_rows("1\x1f" "2\x1e", 3).error() == um40_errc::bad_output);
  CHECK(parse_rows("1\x1f" "2\x1f" "3", 3).error() == um40_errc::bad_output);
  CHECK(parse_rows("Error: near line 3: no such table\n", 1).error() == um40_errc::bad_output);
}
