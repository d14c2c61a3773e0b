"""nianbao (年报): the archive of China's 政府信息公开工作年度报告 — command line and settings."""

__version__ = "0.1.0"
