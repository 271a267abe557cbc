#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "meterhub/storage/store.hpp"
#include "meterhub/v1/storage.grpc.pb.h"

namespace meterhub::storage_service {

/// StorageQuery over gRPC, answered from a read-only store of its own (SQLite's WAL lets it read while the writer
/// commits). Calls are serialised on that store; queries are short.
class query_service final : public v1::StorageQuery::Service {
public:
  query_service(std::unique_ptr<storage::reading_store> reader, std::string token, std::uint32_t max_rows);

  grpc::Status ListDevices(grpc::ServerContext* ctx, const v1::ListDevicesRequest* req,
                           v1::ListDevicesResponse* resp) override;
  grpc::Status Latest(grpc::ServerContext* ctx, const v1::LatestRequest* req, v1::LatestResponse* resp) override;
  grpc::Status Range(grpc::ServerContext* ctx, const v1::RangeRequest* req, v1::RangeResponse* resp) override;

private:
  std::mutex mutex_;
  std::unique_ptr<storage::reading_store> reader_;
  std::string token_;
  std::uint32_t max_rows_;
};

/// A storage error as a gRPC status (unknown device/series → NOT_FOUND, others → INTERNAL).
grpc::Status to_status(const caf::error& err);

} // namespace meterhub::storage_service
