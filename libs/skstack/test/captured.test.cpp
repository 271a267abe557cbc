#include <fstream>
#include <string>

#include "meterhub/skstack/parser.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::skstack;
using test::bytes_of;

namespace {

/// The module lines of a test/data transcript, each ended with CR LF as the module writes them.
std::vector<std::string> load_transcript(const std::string& name) {
  std::ifstream in{std::string{SKSTACK_TEST_DATA_DIR} + "/" + name};
  REQUIRE(in.good());
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#')
      out.push_back(line + "\r\n");
  return out;
}

/// The same line with its hex ERXUDP data turned into raw bytes (WOPT 00 form).
std::string to_binary(const std::string& line) {
  if (!line.starts_with("ERXUDP "))
    return line;
  const auto data = line.rfind(' ') + 1;
  std::string out = line.substr(0, data);
  for (std::size_t i = data; i + 1 < line.size() - 2; i += 2)
    out += static_cast<char>(std::stoi(line.substr(i, 2), nullptr, 16));
  return out + "\r\n";
}

std::vector<message> read_in_chunks(const std::string& stream, std::size_t chunk) {
  reader r{module_model::bp35a1};
  std::vector<message> out;
  for (std::size_t i = 0; i < stream.size(); i += chunk) {
    const auto piece = bytes_of(std::string_view{stream}.substr(i, chunk));
    r.feed(piece);
    while (auto m = r.next()) {
      if (!*m)
        FAIL(describe(m->error()));
      out.push_back(**m);
    }
  }
  return out;
}

std::vector<udp_datagram> datagrams(const std::vector<message>& messages) {
  std::vector<udp_datagram> out;
  for (const auto& m : messages)
    if (const auto* d = std::get_if<udp_datagram>(&m))
      out.push_back(*d);
  return out;
}

template <class T>
std::size_t count(const std::vector<message>& messages) {
  std::size_t n = 0;
  for (const auto& m : messages)
    n += std::holds_alternative<T>(m) ? 1 : 0;
  return n;
}

void check_ak_session(const std::vector<message>& messages) {
  CHECK(count<ok_reply>(messages) == 14);
  CHECK(count<event>(messages) == 10);
  CHECK(count<link_local_reply>(messages) == 1);
  CHECK(count<udp_datagram>(messages) == 7);
  REQUIRE(count<pan_descriptor>(messages) == 1);
  for (const auto& m : messages) {
    if (const auto* pan = std::get_if<pan_descriptor>(&m)) {
      CHECK(pan->channel == 0x3B);
      CHECK(pan->lqi == 0xB2);
      CHECK(pan->pair_id == "00000000");
    }
  }
  const auto received = datagrams(messages);
  REQUIRE(received.size() == 7);
  const auto& instance_list = received[1];
  CHECK(is_multicast(instance_list.destination));
  CHECK(instance_list.payload.size() == 0x12);
  const auto& ea = received[4];
  CHECK(ea.payload.size() == 0x19);
  CHECK(ea.payload.back() == 0xC7);
}

} // namespace

TEST_CASE("a real BP35A1 session reads without an error in hex form, in any chunking") {
  std::string stream;
  for (const auto& line : load_transcript("ak1211-bp35a1.txt"))
    stream += line;
  for (std::size_t chunk : {1u, 3u, 64u, 4096u})
    check_ak_session(read_in_chunks(stream, chunk));
}

TEST_CASE("the same session with binary ERXUDP payloads gives the same datagrams") {
  std::string stream;
  for (const auto& line : load_transcript("ak1211-bp35a1.txt"))
    stream += to_binary(line);
  for (std::size_t chunk : {1u, 7u, 4096u}) {
    const auto messages = read_in_chunks(stream, chunk);
    check_ak_session(messages);
    CHECK(datagrams(messages)[4].format == data_format::binary);
  }
}
