#pragma once
/** Asio names used across the server. */
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

namespace samling::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
}  // namespace samling::server
