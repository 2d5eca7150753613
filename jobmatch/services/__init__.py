"""Business operations shared by the web pages, the JSON API and the command line.

Every function takes keyword arguments, the acting user first where access matters, and asks
``jobmatch.policy`` before reading or writing.
"""
