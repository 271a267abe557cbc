#include "meterhub/testing/mosquitto.hpp"

#include <fstream>
#include <stdexcept>

#include <pwd.h>
#include <unistd.h>

namespace meterhub::testing {

namespace {

/// Started as root, Mosquitto drops to the `mosquitto` user before it writes its persistence file: that user must
/// own the folder, or every save fails and a restarted broker has forgotten its sessions and queued messages.
void give_to_broker_user(const std::filesystem::path& dir) {
  if (::geteuid() != 0)
    return;
  if (const passwd* user = ::getpwnam("mosquitto"))
    if (::chown(dir.c_str(), user->pw_uid, user->pw_gid) != 0)
      throw std::runtime_error("cannot hand " + dir.string() + " to the mosquitto user");
}

} // namespace

mosquitto_broker::mosquitto_broker(const std::filesystem::path& dir) : dir_(dir / "mosquitto"), port_(free_port()) {
  std::filesystem::create_directories(dir_);
  give_to_broker_user(dir_);
  start();
}

mosquitto_broker::~mosquitto_broker() {
  stop();
}

void mosquitto_broker::start() {
  if (proc_)
    return;
  const auto conf = dir_ / "mosquitto.conf";
  {
    std::ofstream out(conf);
    out << "listener " << port_ << " 127.0.0.1\n"
        << "allow_anonymous true\n"
        << "persistence true\n"
        << "persistence_location " << dir_.string() << "/\n"
        << "autosave_interval 1\n"
        << "max_queued_messages 1000000\n"
        << "max_inflight_messages 0\n"
        << "log_dest stderr\n"
        << "log_type error\nlog_type warning\nlog_type notice\n";
  }
  proc_ = std::make_unique<process>(std::vector<std::string>{"/usr/sbin/mosquitto", "-c", conf.string()}, dir_,
                                    "mosquitto-" + std::to_string(generation_++));
  if (!wait_for_port(port_, std::chrono::seconds(10)))
    throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_) + ": " +
                             proc_->stderr_text());
}

void mosquitto_broker::stop() {
  if (!proc_)
    return;
  proc_->stop();
  proc_.reset();
}

} // namespace meterhub::testing
