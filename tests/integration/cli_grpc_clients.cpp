#include "cli_grpc_clients.hpp"

#include <chrono>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/impl/codegen/sync_stream.h>

#include "grpc/health/v1/health.grpc.pb.h"

namespace meterhub::it::cli {

using namespace std::chrono_literals;

namespace {

// Field numbers of grpc.reflection.v1alpha (the protocol's contract, as any client must use them).
constexpr int request_file_containing_symbol = 4;
constexpr int request_list_services = 7;
constexpr int response_file_descriptor = 4; // FileDescriptorResponse { repeated bytes file_descriptor_proto = 1; }
constexpr int response_list_services = 6;   // ListServiceResponse { repeated ServiceResponse service = 1; }
constexpr int service_name = 1;             // ServiceResponse { string name = 1; }

/// A message with one length-delimited field.
std::string one_field(int field, const std::string& bytes) {
  std::string out;
  google::protobuf::io::StringOutputStream raw{&out};
  google::protobuf::io::CodedOutputStream coded{&raw};
  coded.WriteTag(google::protobuf::internal::WireFormatLite::MakeTag(
    field, google::protobuf::internal::WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
  coded.WriteVarint32(static_cast<std::uint32_t>(bytes.size()));
  coded.WriteString(bytes);
  return out;
}

/// The length-delimited values of `field` in `message`.
std::vector<std::string> values_of(const std::string& message, int field) {
  google::protobuf::UnknownFieldSet fields;
  std::vector<std::string> out;
  if (!fields.ParseFromString(message))
    return out;
  for (int i = 0; i < fields.field_count(); ++i)
    if (fields.field(i).number() == field &&
        fields.field(i).type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED)
      out.push_back(fields.field(i).length_delimited());
  return out;
}

const grpc::internal::RpcMethod reflection_method{"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                                  grpc::internal::RpcMethod::BIDI_STREAMING};

} // namespace

reflection_client::reflection_client(const std::string& target)
  : channel_(grpc::CreateChannel(target, grpc::InsecureChannelCredentials())) {
  ctx_.set_deadline(std::chrono::system_clock::now() + 10s);
  stream_.reset(grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
    channel_.get(), reflection_method, &ctx_));
}

std::optional<std::string> reflection_client::ask(int field, const std::string& text) {
  const auto request = one_field(field, text);
  grpc::Slice slice{request};
  grpc::ByteBuffer out{&slice, 1};
  grpc::ByteBuffer in;
  std::vector<grpc::Slice> slices;
  if (!stream_->Write(out) || !stream_->Read(&in) || !in.Dump(&slices).ok())
    return std::nullopt;
  std::string answer;
  for (const auto& s : slices)
    answer.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return answer;
}

std::set<std::string> reflection_client::services() {
  std::set<std::string> out;
  if (auto answer = ask(request_list_services, ""))
    for (const auto& list : values_of(*answer, response_list_services))
      for (const auto& service : values_of(list, 1))
        for (const auto& name : values_of(service, service_name))
          out.insert(name);
  return out;
}

std::vector<google::protobuf::FileDescriptorProto> reflection_client::files_of(const std::string& symbol) {
  std::vector<google::protobuf::FileDescriptorProto> out;
  if (auto answer = ask(request_file_containing_symbol, symbol))
    for (const auto& response : values_of(*answer, response_file_descriptor))
      for (const auto& bytes : values_of(response, 1))
        if (google::protobuf::FileDescriptorProto f; f.ParseFromString(bytes))
          out.push_back(std::move(f));
  return out;
}

grpc::Status reflection_client::finish() {
  stream_->WritesDone();
  return stream_->Finish();
}

grpc::health::v1::HealthCheckResponse::ServingStatus check_health(const std::string& target,
                                                                  const std::string& service, grpc::Status& status) {
  auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 5s);
  grpc::health::v1::HealthCheckRequest req;
  req.set_service(service);
  grpc::health::v1::HealthCheckResponse resp;
  status = stub->Check(&ctx, req, &resp);
  return resp.status();
}

} // namespace meterhub::it::cli
