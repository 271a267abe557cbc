#include "meterhub/testing/sshd.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

namespace meterhub::testing {

namespace {

using namespace std::chrono_literals;

const char* const sshd_program = "/usr/sbin/sshd";

/// One line of /proc/PID/stat, the fields this fixture needs.
struct proc_entry {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';
  std::string comm;
};

/// Parses "PID (COMM) STATE PPID …"; COMM may hold spaces and parentheses, so it ends at the last ')'.
bool parse_stat(const std::string& text, proc_entry& out) {
  const auto open = text.find('(');
  const auto close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return false;
  out.pid = static_cast<pid_t>(std::stol(text.substr(0, open)));
  out.comm = text.substr(open + 1, close - open - 1);
  std::istringstream rest(text.substr(close + 1));
  return static_cast<bool>(rest >> out.state >> out.ppid);
}

std::vector<proc_entry> all_processes() {
  std::vector<proc_entry> out;
  std::error_code ec;
  for (const auto& dir : std::filesystem::directory_iterator("/proc", ec)) {
    const auto name = dir.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::ifstream in(dir.path() / "stat");
    std::string text;
    proc_entry entry;
    if (std::getline(in, text) && parse_stat(text, entry))
      out.push_back(std::move(entry));
  }
  return out;
}

/// The live descendants of `root`, parents first (breadth first over the parent links).
std::vector<proc_entry> descendant_entries(pid_t root) {
  const auto procs = all_processes();
  std::vector<proc_entry> out;
  std::vector<pid_t> frontier{root};
  while (!frontier.empty()) {
    std::vector<pid_t> next;
    for (const auto& p : procs)
      for (pid_t parent : frontier)
        if (p.ppid == parent && p.state != 'Z' && p.state != 'X') {
          out.push_back(p);
          next.push_back(p.pid);
        }
    frontier = std::move(next);
  }
  return out;
}

/// Runs a short tool (ssh-keygen, sshd -t) to its end; throws with its stderr when it fails.
void run_tool(std::vector<std::string> argv, const std::filesystem::path& dir, const std::string& name) {
  process tool(std::move(argv), dir, name);
  if (!tool.wait_exit(20s) || tool.exit_code() != 0)
    throw std::runtime_error(name + " failed: " + tool.stderr_text());
}

/// Makes an ed25519 key pair without passphrase at `path` and `path`.pub; returns "ssh-ed25519 AAAA…".
std::string make_key(const std::filesystem::path& path, const std::string& name) {
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + ".pub");
  run_tool({"ssh-keygen", "-q", "-N", "", "-t", "ed25519", "-C", "meterhub-test-" + name, "-f", path.string()},
           path.parent_path(), "keygen-" + name);
  std::ifstream in(path.string() + ".pub");
  std::string type, blob;
  if (!(in >> type >> blob))
    throw std::runtime_error("ssh-keygen wrote no public key to " + path.string() + ".pub");
  return type + " " + blob;
}

std::string current_user() {
  const passwd* pw = ::getpwuid(::geteuid());
  if (pw == nullptr)
    throw std::runtime_error("sshd_server: the current user has no passwd entry");
  return pw->pw_name;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out)
    throw std::runtime_error("cannot write " + path.string());
}

/// Sends `sig` to every live descendant of `root` until a scan finds none it has not signalled; returns them all.
std::set<pid_t> signal_tree(pid_t root, int sig) {
  std::set<pid_t> done;
  eventually(
    [&] {
      bool fresh = false;
      for (const auto& p : descendant_entries(root))
        if (done.insert(p.pid).second) {
          ::kill(p.pid, sig);
          fresh = true;
        }
      return !fresh;
    },
    5s);
  return done;
}

} // namespace

std::vector<pid_t> descendants_of(pid_t root) {
  std::vector<pid_t> out;
  for (const auto& p : descendant_entries(root))
    out.push_back(p.pid);
  return out;
}

sshd_server::sshd_server(const std::filesystem::path& dir)
  : dir_(dir / "sshd"), port_(free_port()), user_(current_user()) {
  std::filesystem::create_directories(dir_);
  host_key_ = make_key(dir_ / "host_ed25519", "host");
  other_host_key_ = make_key(dir_ / "other_host_ed25519", "other-host");
  client_key_ = dir_ / "client_ed25519";
  other_client_key_ = dir_ / "other_client_ed25519";
  write_file(dir_ / "authorized_keys", make_key(client_key_, "client") + "\n");
  make_key(other_client_key_, "other-client");
  known_hosts_ = dir_ / "known_hosts";
  write_known_hosts(known_hosts_, false);
  start();
}

sshd_server::~sshd_server() {
  try {
    stop();
  } catch (...) {
  }
}

void sshd_server::write_known_hosts(const std::filesystem::path& path, bool wrong_key) const {
  write_file(path, "[127.0.0.1]:" + std::to_string(port_) + " " + (wrong_key ? other_host_key_ : host_key_) + "\n");
}

void sshd_server::start() {
  if (proc_)
    return;
  std::filesystem::create_directories("/run/sshd"); // privilege separation folder: sshd refuses to start without
  const auto cfg = dir_ / "sshd_config";
  const auto quoted = [](const std::filesystem::path& p) { return "\"" + p.string() + "\""; };
  write_file(cfg, "Port " + std::to_string(port_) + "\nListenAddress 127.0.0.1\n" +
                    "HostKey " + quoted(dir_ / "host_ed25519") + "\nPidFile " + quoted(dir_ / "sshd.pid") +
                    "\nAuthorizedKeysFile " + quoted(dir_ / "authorized_keys") +
                    "\nPubkeyAuthentication yes\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\n"
                    "PermitRootLogin yes\nUsePAM no\nStrictModes no\nUseDNS no\nPrintMotd no\nX11Forwarding no\n"
                    "MaxStartups 100\nLogLevel VERBOSE\nSubsystem sftp internal-sftp\n"
                    // The sessions must not depend on the test account's login scripts. bash sources ~/.bashrc
                    // for a command sent over ssh only when it is a top-level shell (SHLVL below 2 after its own
                    // increment); a ~/.bashrc that waits on a lock (pyenv rehash, killed mid-session by a test)
                    // would otherwise stall every later command. ~/.ssh/rc is skipped for the same reason.
                    "SetEnv SHLVL=1\nPermitUserRC no\n");
  run_tool({sshd_program, "-t", "-f", cfg.string()}, dir_, "sshd-check");
  proc_ = std::make_unique<process>(std::vector<std::string>{sshd_program, "-D", "-e", "-f", cfg.string()}, dir_,
                                    "sshd-" + std::to_string(generation_++));
  if (!wait_for_port(port_, 10s)) {
    const auto text = proc_->stderr_text();
    stop();
    throw std::runtime_error("sshd did not start on port " + std::to_string(port_) + ": " + text);
  }
}

int sshd_server::kill_sessions() {
  if (!proc_ || !proc_->alive())
    return 0;
  // Stopped first, so no process forks a child that would escape to init while its parent is being killed.
  const auto frozen = signal_tree(proc_->pid(), SIGSTOP);
  for (pid_t pid : frozen)
    ::kill(pid, SIGKILL);
  return static_cast<int>(frozen.size());
}

bool sshd_server::runs(const std::string& comm) const {
  if (!proc_)
    return false;
  for (const auto& p : descendant_entries(proc_->pid()))
    if (p.comm == comm)
      return true;
  return false;
}

void sshd_server::stop() {
  if (!proc_)
    return;
  kill_sessions(); // before the listener: once it is gone, its children's parent chain no longer leads here
  proc_->stop();
  proc_.reset();
}

std::string sshd_server::log() const {
  std::string out;
  for (int g = 0; g < generation_; ++g) {
    std::ifstream in(dir_ / ("sshd-" + std::to_string(g) + ".err"));
    std::ostringstream text;
    text << in.rdbuf();
    out += text.str();
  }
  return out;
}

} // namespace meterhub::testing
