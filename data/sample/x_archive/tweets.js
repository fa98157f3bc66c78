window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1807042676650934311"
          ],
          "editableUntil" : "2024-06-29T14:25:22.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "78"
      ],
      "favorite_count" : "0",
      "id_str" : "1807042676650934311",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1807042676650934311",
      "created_at" : "Sat Jun 29 13:25:22 +0000 2024",
      "favorited" : false,
      "full_text" : "so... @Brightleaf tracking hasn't updated since yesterday, where's my order? 🙃",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1804075491783606310"
          ],
          "editableUntil" : "2024-06-21T09:54:50.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "9",
              "20"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "162"
      ],
      "favorite_count" : "0",
      "id_str" : "1804075491783606310",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1804075491783606310",
      "created_at" : "Fri Jun 21 08:54:50 +0000 2024",
      "favorited" : false,
      "full_text" : "honestly @Brightleaf reordered in literally 10 seconds, same-day dispatch is a lifesaver. Saving time. I'm absolutely busy so anything that cuts the admin wins. 🙃",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1802386156155830309"
          ],
          "editableUntil" : "2024-06-16T18:02:01.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "recommend",
            "indices" : [
              "66",
              "76"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "29",
              "40"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "78"
      ],
      "favorite_count" : "0",
      "id_str" : "1802386156155830309",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1802386156155830309",
      "created_at" : "Sun Jun 16 17:02:01 +0000 2024",
      "favorited" : false,
      "full_text" : "honestly if you're not using @Brightleaf yet, what are you doing? #recommend 👀",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800350522012598308"
          ],
          "editableUntil" : "2024-06-11T03:13:08.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "brightleaf",
            "indices" : [
              "146",
              "157"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "157"
      ],
      "favorite_count" : "0",
      "id_str" : "1800350522012598308",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800350522012598308",
      "created_at" : "Tue Jun 11 02:13:08 +0000 2024",
      "favorited" : false,
      "full_text" : "so... @Brightleaf tracking hasn't updated since yesterday, where's my order? Convenience. Next-day delivery saves me so much time on a busy week. #brightleaf",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1794580606743478307"
          ],
          "editableUntil" : "2024-05-26T05:05:33.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "plasticfree",
            "indices" : [
              "90",
              "102"
            ]
          },
          {
            "text" : "justsaying",
            "indices" : [
              "185",
              "196"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "196"
      ],
      "favorite_count" : "1",
      "id_str" : "1794580606743478307",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1794580606743478307",
      "created_at" : "Sun May 26 04:05:33 +0000 2024",
      "favorited" : false,
      "full_text" : "ok so @brightleaf why does one box of the breakfast bundle come in all the plastic wrap?? #plasticfree. i'd tell friends if you published your carbon footprint and cut it year on year. #justsaying",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1789712437474230306"
          ],
          "editableUntil" : "2024-05-12T18:41:11.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "plasticfree",
            "indices" : [
              "70",
              "82"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "82"
      ],
      "favorite_count" : "5",
      "in_reply_to_status_id_str" : "1789711885188861316",
      "id_str" : "1789712437474230306",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1789712437474230306",
      "created_at" : "Sun May 12 17:41:11 +0000 2024",
      "favorited" : false,
      "full_text" : "@Brightleaf why does one box of the granola come in the polystyrene?? #plasticfree",
      "lang" : "en",
      "in_reply_to_screen_name" : "Brightleaf",
      "in_reply_to_user_id_str" : "1453021189577392129"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1788722179077046305"
          ],
          "editableUntil" : "2024-05-10T01:06:15.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "brightleaf",
            "indices" : [
              "148",
              "159"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "159"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1788722064606831902",
      "id_str" : "1788722179077046305",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1788722179077046305",
      "created_at" : "Fri May 10 00:06:15 +0000 2024",
      "favorited" : false,
      "full_text" : "@brightleaf the gift box arrived scuffed, not what i expect at this price. superior quality and a refined experience from unboxing to the last use. #brightleaf",
      "lang" : "en",
      "in_reply_to_screen_name" : "Brightleaf",
      "in_reply_to_user_id_str" : "1453021189577392129"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1786933383918518304"
          ],
          "editableUntil" : "2024-05-05T02:38:13.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "41",
              "52"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "80"
      ],
      "favorite_count" : "0",
      "id_str" : "1786933383918518304",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1786933383918518304",
      "created_at" : "Sun May 05 01:38:13 +0000 2024",
      "favorited" : false,
      "full_text" : "tbh never going back to the supermarket, @Brightleaf turns up at my door. Easy 🙃",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1786478465512374303"
          ],
          "editableUntil" : "2024-05-03T20:30:32.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "recommend",
            "indices" : [
              "57",
              "67"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "20",
              "31"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "152"
      ],
      "favorite_count" : "0",
      "id_str" : "1786478465512374303",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1786478465512374303",
      "created_at" : "Fri May 03 19:30:32 +0000 2024",
      "favorited" : false,
      "full_text" : "If you're not using @Brightleaf yet, what are you doing? #recommend. I've got my book club using you already. Just don't cange what makes you special.!!",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1786116140561334302"
          ],
          "editableUntil" : "2024-05-02T20:30:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "fail",
            "indices" : [
              "62",
              "67"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "67"
      ],
      "favorite_count" : "5",
      "id_str" : "1786116140561334302",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1786116140561334302",
      "created_at" : "Thu May 02 19:30:47 +0000 2024",
      "favorited" : false,
      "full_text" : "so... @Brightleaf app update made checkout slower, please fix #fail",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1785325589754806301"
          ],
          "editableUntil" : "2024-04-30T16:09:25.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "4",
              "15"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "63"
      ],
      "favorite_count" : "1",
      "id_str" : "1785325589754806301",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1785325589754806301",
      "created_at" : "Tue Apr 30 15:09:25 +0000 2024",
      "favorited" : false,
      "full_text" : "ngl @brightleaf please don't cheapen the brnd chasing discounts",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1782081324970934300"
          ],
          "editableUntil" : "2024-04-21T17:17:52.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "15",
              "26"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "79"
      ],
      "favorite_count" : "0",
      "id_str" : "1782081324970934300",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1782081324970934300",
      "created_at" : "Sun Apr 21 16:17:52 +0000 2024",
      "favorited" : false,
      "full_text" : "not gonna lie, @Brightleaf please don't cheapen the brand chasing discounts smh",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1779900639212470299"
          ],
          "editableUntil" : "2024-04-15T16:52:36.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "90"
      ],
      "favorite_count" : "2",
      "id_str" : "1779900639212470299",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1779900639212470299",
      "created_at" : "Mon Apr 15 15:52:36 +0000 2024",
      "favorited" : false,
      "full_text" : "ok so @Brightleaf the breakfast bundle up AGAIN?? Tesco is a couple of pounds cheaper, bye",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1776553999856566298"
          ],
          "editableUntil" : "2024-04-06T11:14:15.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "41",
              "52"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "78"
      ],
      "favorite_count" : "0",
      "id_str" : "1776553999856566298",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1776553999856566298",
      "created_at" : "Sat Apr 06 10:14:15 +0000 2024",
      "favorited" : false,
      "full_text" : "tbh never going back to the supermarket, @brightleaf turns up at my door. easy",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1776541114954678297"
          ],
          "editableUntil" : "2024-04-06T10:23:03.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "sustainability",
            "indices" : [
              "64",
              "79"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "21",
              "32"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "79"
      ],
      "favorite_count" : "0",
      "id_str" : "1776541114954678297",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1776541114954678297",
      "created_at" : "Sat Apr 06 09:23:03 +0000 2024",
      "favorited" : false,
      "full_text" : "so... really pleased @Brightleaf moved to reusable containers 🌱 #sustainability",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1775661657486262296"
          ],
          "editableUntil" : "2024-04-04T00:08:24.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "34"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1775660724949301060",
      "id_str" : "1775661657486262296",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1775661657486262296",
      "created_at" : "Wed Apr 03 23:08:24 +0000 2024",
      "favorited" : false,
      "full_text" : "@Brightleaf is the website down? 👀",
      "lang" : "en",
      "in_reply_to_screen_name" : "Brightleaf",
      "in_reply_to_user_id_str" : "1453021189577392129"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1774823727821750295"
          ],
          "editableUntil" : "2024-04-01T16:38:46.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "15",
              "26"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "81"
      ],
      "favorite_count" : "1",
      "id_str" : "1774823727821750295",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1774823727821750295",
      "created_at" : "Mon Apr 01 15:38:46 +0000 2024",
      "favorited" : false,
      "full_text" : "not gonna lie, @Brightleaf recipe change? Tastes less refined than it used to lol",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1774801498010550294"
          ],
          "editableUntil" : "2024-04-01T15:10:26.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "justsaying",
            "indices" : [
              "131",
              "142"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "29",
              "40"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "142"
      ],
      "favorite_count" : "0",
      "id_str" : "1774801498010550294",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1774801498010550294",
      "created_at" : "Mon Apr 01 14:10:26 +0000 2024",
      "favorited" : false,
      "full_text" : "Another brilliant order from @Brightleaf, tahnk you team 🙏. Trust. I've been with you for five years and you've never let me down. #justsaying",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1772813037204406293"
          ],
          "editableUntil" : "2024-03-27T03:29:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "plasticfree",
            "indices" : [
              "86",
              "98"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "4",
              "15"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "100"
      ],
      "favorite_count" : "0",
      "id_str" : "1772813037204406293",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1772813037204406293",
      "created_at" : "Wed Mar 27 02:29:00 +0000 2024",
      "favorited" : false,
      "full_text" : "tbh @Brightleaf why does one box of the hand wash come in air-freighted ingredients?? #plasticfree!!",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1771655858090934292"
          ],
          "editableUntil" : "2024-03-23T22:50:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "132"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1771654947735801654",
      "id_str" : "1771655858090934292",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1771655858090934292",
      "created_at" : "Sat Mar 23 21:50:47 +0000 2024",
      "favorited" : false,
      "full_text" : "@Brightleaf never lets me down. Loyal customer for five years. Knowing the brand and trusting it completely after all these years. 🤷",
      "lang" : "en",
      "in_reply_to_screen_name" : "Brightleaf",
      "in_reply_to_user_id_str" : "1453021189577392129"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1769873547326390291"
          ],
          "editableUntil" : "2024-03-19T00:48:31.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "climate",
            "indices" : [
              "83",
              "91"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "43",
              "54"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "93"
      ],
      "favorite_count" : "0",
      "id_str" : "1769873547326390291",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1769873547326390291",
      "created_at" : "Mon Mar 18 23:48:31 +0000 2024",
      "favorited" : false,
      "full_text" : "honestly brands need to stop greenwashing. @Brightleaf, show us the carbon numbers #climate 🤷",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1768301719319478290"
          ],
          "editableUntil" : "2024-03-14T16:42:38.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "brightleaf",
            "indices" : [
              "52",
              "63"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "4",
              "15"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "63"
      ],
      "favorite_count" : "0",
      "id_str" : "1768301719319478290",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1768301719319478290",
      "created_at" : "Thu Mar 14 15:42:38 +0000 2024",
      "favorited" : false,
      "full_text" : "ngl @Brightleaf do you deliver to Northern Ireland? #brightleaf",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1767640030114742289"
          ],
          "editableUntil" : "2024-03-12T20:53:19.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "plasticfree",
            "indices" : [
              "74",
              "86"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "150"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1767639771232410359",
      "id_str" : "1767640030114742289",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1767640030114742289",
      "created_at" : "Tue Mar 12 19:53:19 +0000 2024",
      "favorited" : false,
      "full_text" : "@brightleaf why does one box of the granola come in the oversized boxes?? #plasticfree. whether the company is genuinely green, not just greenwashing.",
      "lang" : "en",
      "in_reply_to_screen_name" : "Brightleaf",
      "in_reply_to_user_id_str" : "1453021189577392129"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1766927245898678288"
          ],
          "editableUntil" : "2024-03-10T21:40:58.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "18",
              "29"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "51"
      ],
      "favorite_count" : "0",
      "id_str" : "1766927245898678288",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1766927245898678288",
      "created_at" : "Sun Mar 10 20:40:58 +0000 2024",
      "favorited" : false,
      "full_text" : "Been on hold with @Brightleaf for an hour. Shocking",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1766832135861174287"
          ],
          "editableUntil" : "2024-03-10T15:23:02.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "150"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1766831525366154845",
      "id_str" : "1766832135861174287",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1766832135861174287",
      "created_at" : "Sun Mar 10 14:23:02 +0000 2024",
      "favorited" : false,
      "full_text" : "@Brightleaf the snack box up AGAIN?? HelloFresh is 50p cheaper, bye. Value for money. I'm on a tight budget so a price match makes all the difference.",
      "lang" : "en",
      "in_reply_to_screen_name" : "Brightleaf",
      "in_reply_to_user_id_str" : "1453021189577392129"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1765654358520758286"
          ],
          "editableUntil" : "2024-03-07T09:22:58.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "49"
      ],
      "favorite_count" : "1",
      "in_reply_to_status_id_str" : "1765654274364508717",
      "id_str" : "1765654358520758286",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1765654358520758286",
      "created_at" : "Thu Mar 07 08:22:58 +0000 2024",
      "favorited" : false,
      "full_text" : "@Brightleaf do you deliver to Northern Ireland? 👀",
      "lang" : "en",
      "in_reply_to_screen_name" : "Brightleaf",
      "in_reply_to_user_id_str" : "1453021189577392129"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1764263141438390285"
          ],
          "editableUntil" : "2024-03-03T13:14:46.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "customerservice",
            "indices" : [
              "82",
              "98"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "174"
      ],
      "favorite_count" : "0",
      "id_str" : "1764263141438390285",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1764263141438390285",
      "created_at" : "Sun Mar 03 12:14:46 +0000 2024",
      "favorited" : false,
      "full_text" : "so... @Brightleaf since January waiting for the missing order. Absolutely a joke. #customerservice. Basic competence. Orders arriving and refunds being paid would be a start.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1762278707164086284"
          ],
          "editableUntil" : "2024-02-27T01:49:20.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "justsaying",
            "indices" : [
              "51",
              "62"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "27",
              "38"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "62"
      ],
      "favorite_count" : "0",
      "id_str" : "1762278707164086284",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1762278707164086284",
      "created_at" : "Tue Feb 27 00:49:20 +0000 2024",
      "favorited" : false,
      "full_text" : "not gonna lie, unboxing my @Brightleaf order later #justsaying",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1761089936552886283"
          ],
          "editableUntil" : "2024-02-23T19:05:35.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "costofliving",
            "indices" : [
              "75",
              "88"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "15",
              "26"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "88"
      ],
      "favorite_count" : "0",
      "id_str" : "1761089936552886283",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1761089936552886283",
      "created_at" : "Fri Feb 23 18:05:35 +0000 2024",
      "favorited" : false,
      "full_text" : "not gonna lie, @brightleaf love the stuff but the prices are getting silly #costofliving",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1758856914269110282"
          ],
          "editableUntil" : "2024-02-17T15:12:21.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "fail",
            "indices" : [
              "62",
              "67"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "67"
      ],
      "favorite_count" : "0",
      "id_str" : "1758856914269110282",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1758856914269110282",
      "created_at" : "Sat Feb 17 14:12:21 +0000 2024",
      "favorited" : false,
      "full_text" : "ok so @Brightleaf app update made checkout slower, please fix #fail",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1758775788041142281"
          ],
          "editableUntil" : "2024-02-17T09:49:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "21",
              "32"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "50"
      ],
      "favorite_count" : "4",
      "id_str" : "1758775788041142281",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1758775788041142281",
      "created_at" : "Sat Feb 17 08:49:59 +0000 2024",
      "favorited" : false,
      "full_text" : "Got my mum hooked on @Brightleaf the hand wash 😄 👀",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1757592788792246280"
          ],
          "editableUntil" : "2024-02-14T03:29:10.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "premium",
            "indices" : [
              "59",
              "67"
            ]
          },
          {
            "text" : "justsaying",
            "indices" : [
              "68",
              "79"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "14",
              "25"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "79"
      ],
      "favorite_count" : "0",
      "id_str" : "1757592788792246280",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1757592788792246280",
      "created_at" : "Wed Feb 14 02:29:10 +0000 2024",
      "favorited" : false,
      "full_text" : "nothing beats @brightleaf the granola. worth every penny ✨ #premium #justsaying",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1757097798005686279"
          ],
          "editableUntil" : "2024-02-12T18:42:15.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "72"
      ],
      "favorite_count" : "0",
      "id_str" : "1757097798005686279",
      "truncated" : false,
      "retweet_count" : "10",
      "id" : "1757097798005686279",
      "created_at" : "Mon Feb 12 17:42:15 +0000 2024",
      "favorited" : false,
      "full_text" : "so... @brightleaf the skincare range up again?? ocado is £2 cheaper, bye",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1756075482543030278"
          ],
          "editableUntil" : "2024-02-09T22:59:56.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "brightleaf",
            "indices" : [
              "74",
              "85"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "4",
              "15"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "85"
      ],
      "favorite_count" : "0",
      "id_str" : "1756075482543030278",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1756075482543030278",
      "created_at" : "Fri Feb 09 21:59:56 +0000 2024",
      "favorited" : false,
      "full_text" : "ngl @Brightleaf reordered in literally 10 seconds, the app is a lifesaver #brightleaf",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1755158226006966277"
          ],
          "editableUntil" : "2024-02-07T10:15:05.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "28",
              "39"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "82"
      ],
      "favorite_count" : "0",
      "id_str" : "1755158226006966277",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1755158226006966277",
      "created_at" : "Wed Feb 07 09:15:05 +0000 2024",
      "favorited" : false,
      "full_text" : "my recycling bin is full of @brightleaf packaging again 😩 do better for our oceans",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1752890625881014276"
          ],
          "editableUntil" : "2024-02-01T04:04:27.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "climate",
            "indices" : [
              "83",
              "91"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "43",
              "54"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "91"
      ],
      "favorite_count" : "0",
      "id_str" : "1752890625881014276",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1752890625881014276",
      "created_at" : "Thu Feb 01 03:04:27 +0000 2024",
      "favorited" : false,
      "full_text" : "honestly brands need to stop greenwashing. @Brightleaf, show us the carbon numbers #climate",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1749735993373622275"
          ],
          "editableUntil" : "2024-01-23T11:09:04.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "60",
              "71"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "142"
      ],
      "favorite_count" : "1",
      "id_str" : "1749735993373622275",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1749735993373622275",
      "created_at" : "Tue Jan 23 10:09:04 +0000 2024",
      "favorited" : false,
      "full_text" : "ngl switched to other brands, same ting lower priced. sorry @brightleaf. cheaper bundles would do it. shrinkflation would put me off for good.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1744836740117430274"
          ],
          "editableUntil" : "2024-01-09T22:41:11.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "costofliving",
            "indices" : [
              "66",
              "79"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "83"
      ],
      "favorite_count" : "1",
      "id_str" : "1744836740117430274",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1744836740117430274",
      "created_at" : "Tue Jan 09 21:41:11 +0000 2024",
      "favorited" : false,
      "full_text" : "ok so @Brightleaf love the stuff but the prices are getting silly #costofliving lol",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1744538260861878273"
          ],
          "editableUntil" : "2024-01-09T02:55:08.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "81"
      ],
      "favorite_count" : "2",
      "in_reply_to_status_id_str" : "1744537843913305441",
      "id_str" : "1744538260861878273",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1744538260861878273",
      "created_at" : "Tue Jan 09 01:55:08 +0000 2024",
      "favorited" : false,
      "full_text" : "@brightleaf my delivery slot got moved and i'm not home on a school run morning 🙄",
      "lang" : "en",
      "in_reply_to_screen_name" : "Brightleaf",
      "in_reply_to_user_id_str" : "1453021189577392129"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1744340239381430272"
          ],
          "editableUntil" : "2024-01-08T13:48:16.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Brightleaf",
            "screen_name" : "Brightleaf",
            "indices" : [
              "6",
              "17"
            ],
            "id_str" : "1453021189577392129",
            "id" : "1453021189577392129"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "71"
      ],
      "favorite_count" : "1",
      "id_str" : "1744340239381430272",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1744340239381430272",
      "created_at" : "Mon Jan 08 12:48:16 +0000 2024",
      "favorited" : false,
      "full_text" : "so... @Brightleaf bring back free delivery pls, can't justify the fee 🙃",
      "lang" : "en"
    }
  }
]
