-- wrk script for the purchase cycle: run with -t N -c N, so each wrk thread is one virtual
-- user on one connection, adding its books to its cart one request at a time, then checking out.
-- BENCH_USERS_FILE has one line per user: "<access token> <book id>,<book id>,...".

local users = {}
for line in io.lines(os.getenv("BENCH_USERS_FILE")) do
  local token, books = line:match("^(%S+) (%S+)$")
  local ids = {}
  for id in books:gmatch("%d+") do ids[#ids + 1] = id end
  users[#users + 1] = { token = token, books = table.concat(ids, " ") }
end

local next_user = 0
function setup(thread)
  next_user = next_user + 1
  local user = users[(next_user - 1) % #users + 1]
  thread:set("token", user.token)
  thread:set("books", user.books)
end

local headers, books, step
function init(args)
  headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  books = {}
  for id in string.gmatch(_G.books, "%d+") do books[#books + 1] = id end
  step = 0
end

function request()
  if step < #books then
    return wrk.format("POST", "/cart/items", headers, '{"book_id":' .. books[step + 1] .. ',"quantity":1}')
  end
  return wrk.format("POST", "/orders/checkout", headers, "{}")
end

function response(status, headers, body)
  step = (step + 1) % (#books + 1)
end
