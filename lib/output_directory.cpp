#include <blanko/error.hpp>
#include <blanko/output_directory.hpp>
#include <blanko/version.hpp>

#include "detail/atomic_file.hpp"
#include "detail/json_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <system_error>
#include <utility>

namespace blanko {

namespace fs = std::filesystem;

void check_writable(const fs::path& file) { detail::check_writable(file); }

OutputDirectory::OutputDirectory(fs::path dir) : dir_(std::move(dir)) {
  detail::create_output_directory(dir_);
  detail::check_directory_writable(dir_);
  const fs::path manifest = dir_ / kManifestFile;
  std::error_code ec;
  fs::remove(manifest, ec);
  if (ec) {
    throw OutputError(
        manifest.string(),
        fmt::format("cannot remove the manifest of an earlier run: {}", ec.message()));
  }
}

fs::path OutputDirectory::file_path(const std::string& name) const {
  if (finished_) throw Error(fmt::format("{}: written after its manifest", (dir_ / name).string()));
  const fs::path file(name);
  if (name.empty() || file.has_parent_path() || name == "." || name == ".." ||
      name == kManifestFile) {
    throw Error(fmt::format("'{}' is not a file name an output directory can list", name));
  }
  return dir_ / file;
}

void OutputDirectory::list(File file) {
  const auto known = std::find_if(files_.begin(), files_.end(),
                                  [&](const File& f) { return f.name == file.name; });
  if (known == files_.end()) {
    files_.push_back(std::move(file));
  } else {
    *known = std::move(file);
  }
}

void OutputDirectory::write(const std::string& name,
                            const std::function<void(std::ostream&)>& write) {
  const detail::FileDigest digest = detail::write_atomically(file_path(name), write);
  list({.name = name, .bytes = digest.bytes, .sha256 = digest.sha256});
}

void OutputDirectory::add(const std::string& name) {
  const fs::path file = file_path(name);
  detail::sync_file(file);
  const detail::FileDigest digest = detail::digest_of(file);
  list({.name = name, .bytes = digest.bytes, .sha256 = digest.sha256});
}

void OutputDirectory::finish() {
  using Json = nlohmann::ordered_json;
  Json files = Json::array();
  for (const File& f : files_) {
    files.push_back({{"name", f.name}, {"bytes", f.bytes}, {"sha256", f.sha256}});
  }
  const Json manifest{{"blanko_version", std::string(kVersion)}, {"files", std::move(files)}};
  detail::write_atomically(dir_ / kManifestFile, [&](std::ostream& out) {
    out << detail::json_text(manifest, 2) << '\n';
  });
  finished_ = true;
}

std::vector<std::string> verify_outputs(const fs::path& dir) {
  const fs::path manifest_file = dir / kManifestFile;
  std::ifstream in(manifest_file, std::ios::binary);
  if (!in) {
    throw InputError(manifest_file.string(),
                     "no such file: the run that wrote this directory did not complete");
  }
  std::vector<std::string> names;
  std::vector<OutputDirectory::File> listed;
  try {
    const nlohmann::json manifest = nlohmann::json::parse(in);
    for (const nlohmann::json& file : manifest.at("files")) {
      listed.push_back({.name = file.at("name").get<std::string>(),
                        .bytes = file.at("bytes").get<std::uint64_t>(),
                        .sha256 = file.at("sha256").get<std::string>()});
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(manifest_file.string(), fmt::format("not a manifest: {}", e.what()));
  }
  for (const OutputDirectory::File& file : listed) {
    const fs::path path = dir / file.name;
    if (fs::path(file.name).has_parent_path() || !fs::is_regular_file(path)) {
      throw InputError(path.string(),
                       fmt::format("listed in {} but missing", manifest_file.string()));
    }
    detail::FileDigest digest;
    try {
      digest = detail::digest_of(path);
    } catch (const OutputError& e) {
      throw InputError(path.string(), e.message());
    }
    if (digest.bytes != file.bytes || digest.sha256 != file.sha256) {
      throw InputError(path.string(),
                       fmt::format("differs from {} ({} bytes, {} listed): changed or cut since "
                                   "the run",
                                   manifest_file.string(), digest.bytes, file.bytes));
    }
    names.push_back(file.name);
  }
  return names;
}

}  // namespace blanko
