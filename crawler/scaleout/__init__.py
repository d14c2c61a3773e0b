"""Scale-out: several Scrapyd nodes crawling portal shards into one PostgreSQL archive (docs/scale-out.md).

- `shards` groups portals that share a host (politeness is per host, so a host belongs to one job) and packs
  the groups into shards;
- `dispatch` schedules one Scrapyd job per shard, spread over the nodes (`nianbao dispatch`);
- `locking` is the Scrapy extension that takes the portal locks of archive.locks inside each job, so a portal
  is never crawled by two jobs at once, whichever node or night scheduled them;
- `settings` is the Scrapy settings module the Scrapyd nodes run: the crawler's, plus the lock extension.
"""
