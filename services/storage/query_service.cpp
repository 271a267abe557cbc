#include "query_service.hpp"

#include <chrono>

#include "meterhub/rpc/rpc.hpp"
#include "meterhub/wire/convert.hpp"

namespace meterhub::storage_service {

grpc::Status to_status(const caf::error& err) {
  if (err == storage::storage_errc::unknown_device || err == storage::storage_errc::unknown_series)
    return {grpc::StatusCode::NOT_FOUND, describe(err)};
  return {grpc::StatusCode::INTERNAL, describe(err)};
}

query_service::query_service(std::unique_ptr<storage::reading_store> reader, std::string token,
                             std::uint32_t max_rows)
  : reader_(std::move(reader)), token_(std::move(token)), max_rows_(max_rows) {
}

grpc::Status query_service::ListDevices(grpc::ServerContext* ctx, const v1::ListDevicesRequest*,
                                        v1::ListDevicesResponse* resp) {
  if (auto st = rpc::authorize(*ctx, token_); !st.ok())
    return st;
  std::lock_guard<std::mutex> guard{mutex_};
  auto devices = reader_->devices();
  if (!devices)
    return to_status(devices.error());
  for (const auto& d : *devices) {
    auto* info = resp->add_devices();
    info->set_device(d.name);
    info->set_first_seen_unix_ms(d.first_seen_ms);
    info->set_last_seen_unix_ms(d.last_seen_ms);
    info->set_reading_count(d.reading_count);
    if (!d.state.empty())
      info->mutable_state()->ParseFromString(d.state);
  }
  return grpc::Status::OK;
}

grpc::Status query_service::Latest(grpc::ServerContext* ctx, const v1::LatestRequest* req,
                                   v1::LatestResponse* resp) {
  if (auto st = rpc::authorize(*ctx, token_); !st.ok())
    return st;
  std::vector<std::string> quantities{req->quantities().begin(), req->quantities().end()};
  std::lock_guard<std::mutex> guard{mutex_};
  auto latest = reader_->latest(req->device(), quantities);
  if (!latest)
    return to_status(latest.error());
  resp->set_device(req->device());
  for (const auto& r : *latest)
    wire::to_proto(r, *resp->add_readings());
  return grpc::Status::OK;
}

namespace {

void add_bucket(const storage::bucket& b, const v1::RangeRequest& req, v1::Bucket& out) {
  auto wants = [&req](v1::Aggregate a) {
    return req.aggregates().empty() || std::find(req.aggregates().begin(), req.aggregates().end(), a) !=
                                         req.aggregates().end();
  };
  out.set_start_unix_ms(b.start_ms);
  out.set_count(b.count);
  if (b.min && wants(v1::AGGREGATE_MIN))
    out.set_min(*b.min);
  if (b.max && wants(v1::AGGREGATE_MAX))
    out.set_max(*b.max);
  if (b.avg && wants(v1::AGGREGATE_AVG))
    out.set_avg(*b.avg);
  if (b.last && wants(v1::AGGREGATE_LAST))
    out.set_last(*b.last);
}

} // namespace

grpc::Status query_service::Range(grpc::ServerContext* ctx, const v1::RangeRequest* req, v1::RangeResponse* resp) {
  if (auto st = rpc::authorize(*ctx, token_); !st.ok())
    return st;
  storage::range_query q;
  q.device = req->device();
  q.quantity = req->quantity();
  q.from_ms = req->from_unix_ms();
  q.to_ms = req->to_unix_ms() != 0 ? req->to_unix_ms()
                                   : std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
  q.bucket_ms = req->bucket_ms();
  q.limit = req->limit() == 0 ? max_rows_ : std::min(req->limit(), max_rows_);
  std::lock_guard<std::mutex> guard{mutex_};
  auto result = reader_->range(q);
  if (!result)
    return to_status(result.error());
  resp->set_device(q.device);
  resp->set_quantity(q.quantity);
  resp->set_unit(static_cast<v1::Unit>(result->unit));
  resp->set_truncated(result->truncated);
  for (const auto& r : result->readings)
    wire::to_proto(r, *resp->add_readings());
  for (const auto& b : result->buckets)
    add_bucket(b, *req, *resp->add_buckets());
  return grpc::Status::OK;
}

} // namespace meterhub::storage_service
