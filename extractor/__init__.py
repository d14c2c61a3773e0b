"""Pure extraction of 政府信息公开工作年度报告: bytes in, a report out.

No Scrapy, no database, no network: the crawler, the archive's re-extraction and `nianbao extract` all call
the same function, so a report extracted today and re-extracted next year differ only by the extractor.
"""
