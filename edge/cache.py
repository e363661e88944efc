"""Django's Redis cache with one client object per connection pool instead of one per operation, and counters
in one round trip.

Django's RedisCacheClient builds a new `redis.Redis` for every get, set and incr (redis-py 8's constructor
costs about 0.1 ms of CPU), and a signed-in request makes several: its session, the rate limits of a write,
the dashboard's version counter. The client holds no connection of its own (the pool does, and the pool
notices a fork), so one per pool serves every call of a worker.

Every command is a round trip that costs the worker CPU (about 0.1 ms each in redis-py), so the counters are
small Lua scripts, each one command and atomic: `incr` (Django sends EXISTS, then INCRBY) and `count_up`, the
rate limits of a request (django-ratelimit sends SET NX, EXISTS and INCR per limit; edge.limits).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

# Django's incr: an error for a missing key (never creates one), else INCRBY.
_INCR = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('INCRBY', KEYS[1], ARGV[1])
"""
# Per key, django-ratelimit's get_usage(increment=True): add 1 with the key's timeout (ARGV[i], seconds) if it
# is missing, else count one more; the counts in the order of the keys.
_COUNT_UP = """
local counts = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, 1, 'EX', ARGV[i], 'NX') then counts[i] = 1 else counts[i] = redis.call('INCR', key) end
end
return counts
"""


class ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client

    def _script(self, source: str):
        client = self.get_client(write=True)
        script = self._scripts.get((id(client), source))
        if script is None:
            script = self._scripts[(id(client), source)] = client.register_script(source)
        return script

    def incr(self, key, delta):
        value = self._script(_INCR)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def count_up(self, keys: list[str], timeouts: list[int]) -> list[int]:
        return self._script(_COUNT_UP)(keys=keys, args=timeouts)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients

    def count_up(self, keys: list[str], timeouts: list[int]) -> list[int]:
        """Add 1 to each counter, creating a missing one at 1 with its timeout (seconds); the new counts."""
        made = [self.make_and_validate_key(key) for key in keys]
        return self._cache.count_up(made, [self.get_backend_timeout(t) for t in timeouts])
