#include "modbus_sim_process.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include <catch2/catch.hpp>

namespace meterhub::it {

using namespace std::chrono_literals;

std::vector<std::string> printed(const testing::process& proc, const std::string& marker) {
  std::vector<std::string> out;
  std::istringstream lines{proc.stdout_text()};
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(marker, 0) == 0)
      out.push_back(line.substr(marker.size()));
  return out;
}

int port_of(const std::string& host_port) {
  return std::stoi(host_port.substr(host_port.rfind(':') + 1));
}

modbus_simulator::modbus_simulator(const testing::temp_dir& dir, std::vector<std::string> args, std::size_t lines) {
  const auto fifo = dir / "control";
  ::unlink(fifo.c_str());
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::vector<std::string> argv{testing::program("meterhub-modbus-sim").string(), "--control-stdin", "--log-level",
                                "debug"};
  argv.insert(argv.end(), args.begin(), args.end());
  proc_ = std::make_unique<testing::process>(argv, dir.path(), "modbus-sim", fifo);
  // The child opens the fifo for reading before it execs; until then opening it for writing gives ENXIO.
  REQUIRE(testing::eventually([&] { return (control_ = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK)) >= 0; }, 10s));
  ::fcntl(control_, F_SETFL, 0);
  const bool started = testing::eventually([&] { return where().size() == lines; }, 15s);
  INFO("modbus-sim stderr: " << proc_->stderr_text());
  REQUIRE(started);
}

modbus_simulator::~modbus_simulator() {
  ::close(control_);
  proc_->stop();
}

std::vector<std::string> modbus_simulator::where() const {
  auto all = printed(*proc_, "tcp: ");
  for (const auto* marker : {"rtu-tcp: ", "pty: "})
    for (auto& w : printed(*proc_, marker))
      all.push_back(w);
  return all;
}

std::string modbus_simulator::control(const std::string& line) {
  const auto answers = [&] { return printed(*proc_, "faults: ").size() + printed(*proc_, "error: ").size(); };
  const auto before = answers();
  const auto text = line + "\n";
  REQUIRE(::write(control_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  REQUIRE(testing::eventually([&] { return answers() > before; }, 5s));
  auto out = proc_->stdout_text();
  out.pop_back(); // the answer's newline
  return out.substr(out.rfind('\n') + 1);
}

} // namespace meterhub::it
