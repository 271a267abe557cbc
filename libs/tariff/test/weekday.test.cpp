#include "meterhub/tariff/weekday.hpp"

#include <catch2/catch.hpp>

using namespace meterhub::tariff;

TEST_CASE("weekday of known dates") {
  CHECK(weekday_of({2024, 4, 14}) == weekday::sunday); // the spec's worked example
  CHECK(weekday_of({2024, 4, 13}) == weekday::saturday);
  CHECK(weekday_of({2024, 4, 15}) == weekday::monday);
  CHECK(weekday_of({1970, 1, 1}) == weekday::thursday);
  CHECK(weekday_of({1969, 12, 31}) == weekday::wednesday); // before the epoch: the modulo stays non-negative
  CHECK(weekday_of({1900, 1, 1}) == weekday::monday);
  CHECK(weekday_of({2000, 2, 29}) == weekday::tuesday);
  CHECK(weekday_of({2024, 2, 29}) == weekday::thursday);
  CHECK(weekday_of({2025, 1, 1}) == weekday::wednesday);
}

TEST_CASE("seven consecutive days across New Year cycle Sunday to Saturday") {
  const civil_date days[] = {{2024, 12, 29}, {2024, 12, 30}, {2024, 12, 31}, {2025, 1, 1},
                             {2025, 1, 2},   {2025, 1, 3},   {2025, 1, 4}};
  for (unsigned i = 0; i < 7; ++i)
    CHECK(weekday_of(days[i]) == static_cast<weekday>(i));
}

TEST_CASE("dates that do not exist have no weekday") {
  CHECK_FALSE(weekday_of({2023, 2, 29}));
  CHECK_FALSE(weekday_of({1900, 2, 29})); // a century that is no leap year
  CHECK_FALSE(weekday_of({2024, 4, 31}));
  CHECK_FALSE(weekday_of({2024, 0, 1}));
  CHECK_FALSE(weekday_of({2024, 13, 1}));
  CHECK_FALSE(weekday_of({2024, 1, 0}));
  CHECK_FALSE(weekday_of({2024, 1, 32}));
  CHECK(is_valid_date({2024, 12, 31}));
  CHECK_FALSE(is_valid_date({2024, 6, 31}));
}
