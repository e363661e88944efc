"""X-Query-Count on every response, for the page-budget report. Only the benchmark's own gunicorn
switches it on (BENCH_QUERY_COUNT=1); it is never part of a normal deployment."""

from django.db import connections


class QueryCountHeader:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counted = [0]

        def count(execute, sql, params, many, context):
            counted[0] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(count):
            response = self.get_response(request)
        response["X-Query-Count"] = str(counted[0])
        return response
