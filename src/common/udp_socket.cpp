// The parts of UdpSocket that need no OS: ownership of the handle.
#include <utility>

#include "common/net.hpp"

namespace dgram::net {

UdpSocket::UdpSocket(UdpSocket&& other) noexcept
    : handle_(std::exchange(other.handle_, no_socket)),
      family_(other.family_),
      os_(std::move(other.os_)) {}

UdpSocket& UdpSocket::operator=(UdpSocket&& other) noexcept {
  if (this != &other) {
    close();
    handle_ = std::exchange(other.handle_, no_socket);
    family_ = other.family_;
    os_ = std::move(other.os_);
  }
  return *this;
}

UdpSocket::~UdpSocket() { close(); }

}  // namespace dgram::net
