package com.whatatalk.engine.contacts;

/** A tag in use on a business number, with how many contacts carry it. */
public record TagCount(String tag, long contacts) {}
