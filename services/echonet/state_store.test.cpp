#include <fstream>

#include <catch2/catch.hpp>

#include "meterhub/testing/process.hpp"
#include "state_store.hpp"

using namespace meterhub;
using namespace meterhub::echonet_service;

TEST_CASE("the module memory survives a save and a load") {
  testing::temp_dir dir{"echonet-state"};
  const auto file = dir / "sub" / "meter.json";
  CHECK(load_memory(file) == module_memory{});
  module_memory m;
  skstack::pan_cache pan;
  pan.channel = 0x21;
  pan.pan_id = 0x8888;
  pan.mac = 0x001D129012345678;
  pan.address = skstack::link_local_from_mac(pan.mac);
  m.pan = pan;
  m.last_import_slot_ms = 1'713'065'400'000;
  m.last_export_slot_ms = 1'713'063'600'000;
  REQUIRE_FALSE(save_memory(file, m));
  auto loaded = load_memory(file);
  REQUIRE(loaded);
  CHECK(*loaded == m);
}

TEST_CASE("a damaged state file is an error that names the file") {
  testing::temp_dir dir{"echonet-state"};
  const auto file = dir / "meter.json";
  std::ofstream(file) << "{\"pan\": {\"channel\": 33";
  auto loaded = load_memory(file);
  REQUIRE_FALSE(loaded);
  CHECK(describe(loaded.error()).find("meter.json") != std::string::npos);
}
