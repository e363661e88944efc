"""Django's Redis cache with one client object per connection pool instead of one per operation.

Django's RedisCacheClient builds a new `redis.Redis` for every get, set and incr (redis-py 8's constructor
costs about 0.1 ms of CPU), and a signed-in request makes several: its session, the rate limits of a write,
the dashboard's version counter. The client holds no connection of its own (the pool does, and the pool
notices a fork), so one per pool serves every call of a worker.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
