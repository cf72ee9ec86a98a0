"""Storage: the ground floor every stage stands on.

Takes bytes from any later stage and hands back files in the build folder that are either whole or
absent: atomic writes beside their target under one lock (`atomic`), and the cache of rendered bytes
that is reused only while everything it was made from is unchanged (`rendercache`).
"""
