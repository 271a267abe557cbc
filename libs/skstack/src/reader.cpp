#include "meterhub/skstack/parser.hpp"

namespace meterhub::skstack {

reader::reader(module_model model) : model_(model), splitter_(model) {
  // nop
}

void reader::feed(std::span<const std::uint8_t> bytes) {
  splitter_.feed(bytes);
}

void reader::route(const raw_line& line) {
  const bool indented = !line.binary && line.text.starts_with(' ');
  if (block_ && indented) {
    if (auto err = block_->add(line.text))
      ready_.emplace_back(std::move(err));
    return;
  }
  if (block_) {
    auto descriptor = block_->finish(model_);
    block_.reset();
    if (descriptor)
      ready_.emplace_back(message{std::move(*descriptor)});
    else
      ready_.emplace_back(std::move(descriptor.error()));
  }
  if (!line.binary && line.text == "EPANDESC") {
    block_.emplace();
    return;
  }
  ready_.push_back(parse_line(model_, line));
}

std::optional<caf::expected<message>> reader::next() {
  while (ready_.empty()) {
    auto line = splitter_.next();
    if (!line)
      return std::nullopt;
    if (!*line)
      return caf::expected<message>{std::move(line->error())};
    route(**line);
  }
  auto out = std::move(ready_.front());
  ready_.pop_front();
  return out;
}

} // namespace meterhub::skstack
