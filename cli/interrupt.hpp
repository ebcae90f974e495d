#pragma once
// Ctrl-C (SIGINT) and SIGTERM stop a run cleanly. The first signal only asks: the run stops
// at its next replication (the progress callbacks call stop_if_interrupted()), and the
// exception unwinds through the writers, which remove their temporaries and the partial
// file of a run that no checkpoint can resume; main() then exits with 128 + the signal. A
// second signal ends the process at once.

#include <exception>

namespace blanko::cli {

/// What stop_if_interrupted() throws.
class Interrupted : public std::exception {
 public:
  explicit Interrupted(int signal) : signal_(signal) {}
  [[nodiscard]] const char* what() const noexcept override { return "interrupted"; }
  [[nodiscard]] int signal() const { return signal_; }

 private:
  int signal_;
};

/// Installs the handlers of SIGINT and SIGTERM: called by a command when its long part
/// (which calls stop_if_interrupted() as it goes) starts; until then a signal ends the
/// process as usual.
void catch_interrupts();

/// Throws Interrupted once a signal has arrived.
void stop_if_interrupted();

}  // namespace blanko::cli
